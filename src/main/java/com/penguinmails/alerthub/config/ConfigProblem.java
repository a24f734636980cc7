package com.penguinmails.alerthub.config;

/** One thing wrong with the configuration, said the way an editor can jump to it: {@code file:line: reason}. */
public record ConfigProblem(String file, int line, String reason) {

    public static ConfigProblem of(String file, String reason) {
        return new ConfigProblem(file, 0, reason);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
