package com.penguinmails.alerthub.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} and {@code --flag} options; unknown options are an error, so a typo never runs a long bench. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> known = new HashMap<>();
    private final String usage;

    Args(String[] args, String usage) {
        this.usage = usage;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) fail("unexpected argument '" + a + "'");
            String name = a.substring(2);
            String value = "true";
            if (name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            }
            values.put(name, value);
        }
        if (values.containsKey("help")) {
            System.out.println(usage);
            System.exit(0);
        }
    }

    int integer(String name, int fallback) {
        known.put(name, "");
        try {
            return Integer.parseInt(values.getOrDefault(name, Integer.toString(fallback)));
        } catch (NumberFormatException e) {
            fail("--" + name + " needs a whole number");
            return fallback;
        }
    }

    String text(String name, String fallback) {
        known.put(name, "");
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        known.put(name, "");
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    List<Integer> integers(String name, String fallback) {
        return Arrays.stream(text(name, fallback).split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    /** Call after reading every option. */
    void done() {
        values.keySet().stream().filter(k -> !known.containsKey(k)).findFirst().ifPresent(k -> fail("unknown option --" + k));
    }

    private void fail(String message) {
        System.err.println(message + "\n" + usage);
        System.exit(2);
    }
}
