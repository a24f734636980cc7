package com.penguinmails.alerthub.notify.template;

import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.notify.GroupNotice;
import com.penguinmails.alerthub.threshold.Severity;
import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ops-editable text of notifications: {@code routes/templates/<channel>[-<severity>].<part>.mustache}, the
 * severity's own file first, then the channel's. The shipped channel files are built into the jar too, so a routes
 * folder without them (an older one) still has every message. Templates fill only strings (subjects, bodies, the
 * PagerDuty summary, the webhook's title and text); the JSON around them is built by the hub. Loaded once and
 * validated by rendering sample notices: a template that does not parse or names an unknown variable is a
 * {@code file:line: reason}.
 */
public final class Templates {

    /** What each channel lets ops write. */
    private static final Map<Channel, List<String>> PARTS = Map.of(
            Channel.EMAIL, List.of("subject", "text", "html"),
            Channel.PAGER, List.of("summary"),
            Channel.WEBHOOK, List.of("title", "text"));
    private static final List<String> ONE_LINE = List.of("subject", "summary", "title");
    private static final Pattern NAME = Pattern.compile("([a-z]+)(?:-([a-z]+))?\\.([a-z]+)\\.mustache");
    private static final Pattern PARSE_LINE = Pattern.compile("(.*) @ line (\\d+)", Pattern.DOTALL);
    private static final String MUSTACHE = ".mustache";
    private static final String BUILT_IN = "templates/";
    private static final String EXPECTED = "expected <channel>[-<severity>].<part>.mustache: email (subject, text, html), "
            + "pager (summary), webhook (title, text); severity critical, high, medium or low";

    private final Map<String, Template> templates;
    private final ZoneId zone;

    private Templates(Map<String, Template> templates, ZoneId zone) {
        this.templates = templates;
        this.zone = zone;
    }

    /** Renders a part for a notice: the severity's template if there is one, else the channel's. */
    public String render(Channel channel, String part, GroupNotice notice) {
        return render(channel, part, notice, Map.of());
    }

    /** @param ackLinks an email's signed acknowledge links, recipient to URL, in order */
    public String render(Channel channel, String part, GroupNotice notice, Map<String, String> ackLinks) {
        Template t = Optional.ofNullable(templates.get(key(channel.label(), notice.severity().label(), part)))
                .orElseGet(() -> templates.get(key(channel.label(), null, part)));
        return finish(part, t.execute(TemplateModel.of(notice, zone, ackLinks)));
    }

    /**
     * The built-in templates (the shipped {@code routes/templates/}, inside the jar), each replaced by a file of the same
     * name in {@code dir}, plus the severity files there; all validated, every problem of every file reported at once.
     */
    public static Templates load(Path dir, ZoneId zone) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Template> templates = new LinkedHashMap<>();
        PARTS.forEach((channel, parts) -> parts.forEach(part -> {
            String name = channel.label() + "." + part + MUSTACHE;
            compile(BUILT_IN + name, builtIn(name), part, Severity.CRITICAL, zone, problems)
                    .ifPresent(t -> templates.put(key(channel.label(), null, part), t));
        }));
        for (Path file : files(dir, problems)) {
            Matcher m = NAME.matcher(file.getFileName().toString());
            if (!m.matches() || !known(m.group(1), m.group(2), m.group(3))) {
                problems.add(ConfigProblem.of(file.toString(), "unknown template name '" + file.getFileName() + "' (" + EXPECTED + ")"));
                continue;
            }
            Severity severity = m.group(2) == null ? Severity.CRITICAL : Severity.parse(m.group(2));
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                problems.add(ConfigProblem.of(file.toString(), "cannot read: " + e.getMessage()));
                continue;
            }
            compile(file.toString(), text, m.group(3), severity, zone, problems)
                    .ifPresent(t -> templates.put(key(m.group(1), m.group(2), m.group(3)), t));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Templates(Map.copyOf(templates), zone);
    }

    private static String builtIn(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/" + BUILT_IN + name)) {
            if (in == null) throw new IllegalStateException("the jar lacks its built-in template " + BUILT_IN + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template files ops put in {@code routes/templates/}; none (or no folder) means the built-in ones. */
    private static List<Path> files(Path dir, List<ConfigProblem> problems) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            problems.add(ConfigProblem.of(dir.toString(), "cannot read: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean known(String channel, String severity, String part) {
        boolean severityKnown = severity == null || Stream.of(Severity.values()).anyMatch(s -> s.label().equals(severity));
        return severityKnown && PARTS.entrySet().stream().anyMatch(e -> e.getKey().label().equals(channel) && e.getValue().contains(part));
    }

    /** Parses a template and renders it for the samples; a problem (at its line where Mustache says it) otherwise. */
    private static Optional<Template> compile(String where, String text, String part, Severity severity, ZoneId zone,
                                              List<ConfigProblem> problems) {
        Template template;
        try {
            template = compiler(part).compile(text);
        } catch (MustacheException e) {
            Matcher at = PARSE_LINE.matcher(e.getMessage());
            problems.add(at.matches() ? new ConfigProblem(where, Integer.parseInt(at.group(2)), at.group(1))
                    : ConfigProblem.of(where, e.getMessage()));
            return Optional.empty();
        }
        for (GroupNotice sample : TemplateModel.samples(severity)) {
            try {
                finish(part, template.execute(TemplateModel.of(sample, zone, TemplateModel.sampleLinks(sample))));
            } catch (MustacheException.Context e) {
                problems.add(new ConfigProblem(where, e.lineNo, "unknown variable '" + e.key + "' (see docs/templates.md for the variables)"));
                return Optional.empty();
            } catch (MustacheException e) {
                problems.add(ConfigProblem.of(where, e.getMessage()));
                return Optional.empty();
            }
        }
        return Optional.of(template);
    }

    /**
     * Strict: an unknown name is an error, not an empty string. Only the model's maps are looked into (no Java
     * methods), an empty string, an empty list and zero are false in sections, and HTML is escaped only in the
     * email's HTML part, exactly as the hub always escaped it.
     */
    private static Mustache.Compiler compiler(String part) {
        Mustache.Compiler c = Mustache.compiler().withCollector(new BasicCollector() {
            @Override
            public <K, V> Map<K, V> createFetcherCache() {
                return new ConcurrentHashMap<>();
            }
        }).emptyStringIsFalse(true).zeroIsFalse(true).strictSections(true);
        return part.equals("html")
                ? c.withEscaper(Escapers.simple(new String[][] {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}}))
                : c.escapeHTML(false);
    }

    /** One-line parts (subject, summary, title) stay one line, whatever the template's line breaks. */
    private static String finish(String part, String text) {
        return ONE_LINE.contains(part) ? text.strip().replaceAll("\\s*\\R\\s*", " ") : text;
    }

    private static String key(String channel, String severity, String part) {
        return channel + (severity == null ? "" : "-" + severity) + "." + part;
    }
}
