package com.penguinmails.alerthub;

import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.escalation.RoutingReport;
import com.penguinmails.alerthub.threshold.Severity;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar alert-hub.jar [validate] [--key=value ...]}. Without a subcommand it runs the hub;
 * {@code validate} checks all configuration and exits 1 with {@code file:line: reason} for each problem;
 * {@code route-test --incident=<type> --severity=<s>} shows who such an alert reaches.
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
                case "route-test" -> System.out.print(routeTest(overrides));
                case "run" -> Hub.create(overrides, Clock.systemUTC()).run();
                default -> {
                    System.err.println("unknown command '" + command + "': use 'validate', 'route-test', or no command to run the hub");
                    System.exit(2);
                }
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** route-test --incident=<type> --severity=<critical|high|medium|low> [--key=value ...] */
    static String routeTest(Map<String, String> args) {
        String incident = args.remove("incident");
        String severity = args.remove("severity");
        if (incident == null || severity == null) {
            throw new ConfigException(List.of(ConfigProblem.of("command line", "route-test needs --incident=<type> --severity=<critical|high|medium|low>")));
        }
        HubConfig config = HubConfig.load(args);
        return RoutingReport.describe(config.matrix(), incident, Severity.parse(severity), config.enabledChannels(),
                config.settings().webhookEnabled());
    }

    static Map<String, String> overrides(List<String> args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new ConfigException(List.of(ConfigProblem.of("command line",
                        "'" + arg + "' is not --key=value")));
            }
            overrides.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return overrides;
    }
}
