package com.penguinmails.alerthub;

import com.penguinmails.alerthub.config.ConfigException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar alert-hub.jar [validate] [--key=value ...]}. Without a subcommand it runs the hub;
 * {@code validate} checks all configuration and exits 1 with {@code file:line: reason} for each problem.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = Arrays.asList(args);
        String command = !rest.isEmpty() && !rest.get(0).startsWith("--") ? rest.get(0) : "run";
        Map<String, String> overrides = overrides(command.equals("run") ? rest : rest.subList(1, rest.size()));
        try {
            switch (command) {
                case "validate" -> {
                    var config = Hub.validate(overrides);
                    System.out.println("configuration is valid: " + config.checks().all().size() + " checks on "
                            + config.settings().tiers().size() + " tiers, " + config.matrix().incidents().size()
                            + " incident types, " + config.matrix().roles().size() + " roles");
                }
                case "run" -> Hub.create(overrides, Clock.systemUTC()).run();
                default -> {
                    System.err.println("unknown command '" + command + "': use 'validate', or no command to run the hub");
                    System.exit(2);
                }
            }
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    static Map<String, String> overrides(List<String> args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new ConfigException(List.of(com.penguinmails.alerthub.config.ConfigProblem.of("command line",
                        "'" + arg + "' is not --key=value")));
            }
            overrides.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return overrides;
    }
}
