package com.penguinmails.alerthub.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is not usable; carries every problem found, not just the first. */
public class ConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super("invalid configuration:\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
