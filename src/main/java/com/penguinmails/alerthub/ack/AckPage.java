package com.penguinmails.alerthub.ack;

import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.Reconciler;
import com.penguinmails.alerthub.api.ApiException;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.notify.email.EmailComposer;
import com.penguinmails.alerthub.notify.template.TemplateModel;
import com.penguinmails.alerthub.store.AlertStore;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ack/<token>}, the page behind an email's acknowledge link. GET shows what the alert is and a form, and changes
 * nothing: mail scanners and link previews follow GET links. Only the form's POST acknowledges, as
 * {@code <recipient> (email link)}. Every refusal is an HTML page with the status that says why.
 */
public final class AckPage {

    private static final Logger LOG = LoggerFactory.getLogger(AckPage.class);

    private final AckLinks links;
    private final AlertStore store;
    private final Acknowledgements acks;
    private final ContactMatrix matrix;
    private final ZoneId zone;

    public AckPage(AckLinks links, AlertStore store, Acknowledgements acks, ContactMatrix matrix, ZoneId zone) {
        this.links = links;
        this.store = store;
        this.acks = acks;
        this.matrix = matrix;
        this.zone = zone;
    }

    public void handle(Exchange exchange) {
        AckLinks.Claim claim = links.verify(exchange.getMessage().getHeader("token", String.class));
        AlertGroup group = store.group(claim.check(), claim.tier())
                .filter(g -> g.openedAt() != null && g.openedAt().getEpochSecond() == claim.opened() && g.firing())
                .orElseThrow(() -> new ApiException(409, "The alert this link was sent for (" + claim.check() + " on " + claim.tier()
                        + ") is resolved: there is nothing to acknowledge."));
        boolean post = "POST".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
        String body;
        if (post) {
            String by = claim.to() + " (email link)";
            Acknowledgements.Outcome outcome = acks.acknowledge(group.check(), group.tier(), by, comment(exchange))
                    .orElseThrow(() -> new ApiException(409, "The alert resolved just now: there is nothing to acknowledge."));
            body = outcome.now()
                    ? "<h1>Acknowledged</h1><p>You (" + EmailComposer.esc(claim.to()) + ") have this alert; its escalation stopped. Everyone"
                            + " notified so far is told.</p>" + summary(group)
                    : already(outcome.ack()) + summary(group);
        } else {
            body = store.acknowledgement(group.check(), group.tier()).map(ack -> already(ack) + summary(group))
                    .orElseGet(() -> "<h1>Acknowledge this alert?</h1>" + summary(group) + "<form method=\"post\"><p>Acknowledging as <b>"
                            + EmailComposer.esc(claim.to()) + "</b> stops the escalation and tells everyone notified so far.</p>"
                            + "<p><label>Comment (optional)<br><input name=\"comment\" size=\"60\" maxlength=\"1000\"></label></p>"
                            + "<p><button type=\"submit\">Acknowledge</button></p></form>");
        }
        respond(exchange, 200, body);
    }

    /** The route configuration's error handler: a refusal (or a failure) as a page a person reads in a browser. */
    public void error(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = e instanceof ApiException api ? api.status() : 500;
        if (status == 500) LOG.error("ack page failed", e);
        String reason = status == 500 ? "Something went wrong on the alert hub; acknowledge with POST /api/alerts/{id}/ack." : e.getMessage();
        respond(exchange, status, "<h1>Cannot acknowledge</h1><p>" + EmailComposer.esc(reason) + "</p>");
    }

    private String already(Acknowledgement ack) {
        return "<h1>Already acknowledged</h1><p>Acknowledged " + EmailComposer.esc(ack.describe()) + " at " + TemplateModel.times(ack.at(), zone) + ".</p>";
    }

    private String summary(AlertGroup group) {
        IncidentType incident = matrix.incident(group.incident()).orElse(null);
        List<Alert> firing = Reconciler.firing(store.openAlerts(group.check(), group.tier()));
        StringBuilder b = new StringBuilder("<table>");
        cell(b, "What", (incident == null ? group.incident() : incident.title()) + ": " + group.check() + " on " + group.tier());
        cell(b, "Severity", group.severity().label());
        cell(b, "Since", TemplateModel.times(group.openedAt(), zone));
        b.append("</table><ul>");
        firing.stream().limit(20).forEach(a -> b.append("<li>").append(EmailComposer.esc(TemplateModel.summary(a))).append("</li>"));
        if (firing.size() > 20) b.append("<li>... and ").append(firing.size() - 20).append(" more</li>");
        return b.append("</ul>").toString();
    }

    private static void cell(StringBuilder b, String label, String value) {
        b.append("<tr><td><b>").append(label).append("</b></td><td>").append(EmailComposer.esc(value)).append("</td></tr>");
    }

    /** The form's {@code comment}: platform-http (Vert.x) puts url-encoded form fields into headers. */
    private static String comment(Exchange exchange) {
        String comment = exchange.getMessage().getHeader("comment", String.class);
        return comment == null || comment.isBlank() ? null : comment;
    }

    private static void respond(Exchange exchange, int status, String body) {
        exchange.getMessage().setHeaders(Map.of(Exchange.HTTP_RESPONSE_CODE, status, Exchange.CONTENT_TYPE, "text/html; charset=UTF-8",
                // the token is a credential: keep it out of caches and out of other sites' Referer
                "Cache-Control", "no-store", "Referrer-Policy", "no-referrer"));
        exchange.getMessage().setBody("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>alert-hub: acknowledge</title></head>"
                + "<body style=\"font-family:sans-serif\">" + body + "</body></html>");
    }
}
