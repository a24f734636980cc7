package com.penguinmails.alerthub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the shipped {@code routes/} that a test may edit the way ops would, then hand to the hub as
 * {@code hub.routes.dir}. Edits must match exactly once, so a test never silently edits nothing.
 */
public final class RoutesCopy {

    public static final Path SHIPPED = Path.of("routes");

    private final Path dir;

    private RoutesCopy(Path dir) {
        this.dir = dir;
    }

    /** Copies every file of the shipped routes/ into {@code parent/name}. */
    public static RoutesCopy of(Path parent, String name) {
        Path dir = parent.resolve(name);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(SHIPPED)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RoutesCopy(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** {@code dir/name} as the hub names it in {@code file:line: reason}. */
    public String path(String name) {
        return file(name).toString();
    }

    /** Replaces text that occurs exactly once in the file. */
    public RoutesCopy edit(String name, String text, String replacement) {
        String content = read(name);
        int at = content.indexOf(text);
        if (at < 0 || content.indexOf(text, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' must occur exactly once in " + name);
        }
        write(name, content.substring(0, at) + replacement + content.substring(at + text.length()));
        return this;
    }

    /** Writes (or overwrites) a file, in a subfolder too ({@code templates/email.subject.mustache}). */
    public RoutesCopy write(String name, String content) {
        try {
            Files.createDirectories(file(name).getParent());
            Files.writeString(file(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public RoutesCopy delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public String read(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line containing the text below the only line containing the anchor. */
    public int lineOf(String name, String anchor, String text) {
        List<String> lines = read(name).lines().toList();
        for (int i = lineOf(name, anchor); i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i + 1;
        }
        throw new IllegalArgumentException("'" + text + "' is not below '" + anchor + "' in " + name);
    }

    /** The 1-based line of the only line containing the text. */
    public int lineOf(String name, String text) {
        List<String> lines = read(name).lines().toList();
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                if (found >= 0) throw new IllegalArgumentException("'" + text + "' is on more than one line of " + name);
                found = i + 1;
            }
        }
        if (found < 0) throw new IllegalArgumentException("'" + text + "' is not in " + name);
        return found;
    }
}
