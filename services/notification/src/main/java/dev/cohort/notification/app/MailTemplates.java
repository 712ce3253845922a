package dev.cohort.notification.app;

import dev.cohort.notification.domain.NotificationKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The e-mail of each kind, in plain text and HTML, from templates in {@code mail/} ({@code <kind>.txt},
 * {@code <kind>.html}; {@code digest.*} for several notifications in one e-mail). Placeholders are {@code {{name}}};
 * in HTML every value is escaped, so a message text can never become markup.
 */
public class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final Map<NotificationKind, String[]> byKind = new EnumMap<>(NotificationKind.class);
    private final String[] digest;

    public MailTemplates() {
        for (NotificationKind kind : NotificationKind.values()) {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT);
            byKind.put(kind, new String[] {load(name + ".txt"), load(name + ".html")});
        }
        digest = new String[] {load("digest.txt"), load("digest.html")};
    }

    /** A rendered e-mail. */
    public record Rendered(String subject, String text, String html) {
    }

    /** One notification's e-mail. */
    public Rendered single(NotificationView notification, String name, String openUrl, String unsubscribeUrl) {
        Map<String, String> values = Map.of("name", name, "title", notification.title(), "body", notification.body(),
                "open_url", openUrl, "unsubscribe_url", unsubscribeUrl);
        String[] template = byKind.get(notification.kind());
        return new Rendered(notification.title(), fill(template[0], values, false), fill(template[1], values, true));
    }

    /** Several notifications in one e-mail, oldest first; unsubscribe links per kind present. */
    public Rendered digest(List<NotificationView> notifications, String name, String openUrl,
                           Map<NotificationKind, String> unsubscribeUrls) {
        StringBuilder textItems = new StringBuilder();
        StringBuilder htmlItems = new StringBuilder();
        for (NotificationView notification : notifications) {
            textItems.append("- ").append(notification.title());
            if (!notification.body().isEmpty()) {
                textItems.append(": ").append(notification.body());
            }
            textItems.append('\n');
            htmlItems.append("<li><strong>").append(escape(notification.title())).append("</strong>");
            if (!notification.body().isEmpty()) {
                htmlItems.append("<br>").append(escape(notification.body()));
            }
            htmlItems.append("</li>\n");
        }
        StringBuilder textLinks = new StringBuilder();
        StringBuilder htmlLinks = new StringBuilder();
        unsubscribeUrls.forEach((kind, url) -> {
            String label = label(kind);
            textLinks.append("Stop e-mails about ").append(label).append(": ").append(url).append('\n');
            htmlLinks.append("<a href=\"").append(escape(url)).append("\">Stop e-mails about ")
                    .append(escape(label)).append("</a><br>\n");
        });
        String subject = notifications.size() + " new notifications on Cohort";
        Map<String, String> text = Map.of("name", name, "count", String.valueOf(notifications.size()),
                "items", textItems.toString(), "open_url", openUrl, "unsubscribe_links", textLinks.toString());
        // Every value escaped here (the items and links as they were built), so nothing is escaped twice.
        String html = fill(digest[1], Map.of("name", escape(name), "count", String.valueOf(notifications.size()),
                "open_url", escape(openUrl), "items", htmlItems.toString(), "unsubscribe_links",
                htmlLinks.toString()), false);
        return new Rendered(subject, fill(digest[0], text, false), html);
    }

    /** How a kind is named in an unsubscribe link. */
    static String label(NotificationKind kind) {
        return switch (kind) {
            case MENTION -> "mentions";
            case DIRECT_MESSAGE -> "direct messages";
            case JOIN_REQUEST -> "join requests to your groups";
            case JOIN_APPROVED, JOIN_REJECTED -> "answers to your join requests";
            case GROUP_DISBANDED -> "disbanded groups";
            case GROUP_HANDED_OVER -> "groups handed to you";
            case ENROLLMENT_CONFIRMED, ENROLLMENT_DROPPED -> "your enrolments";
            case NEW_FOLLOWER -> "new followers";
            case REPORT_RESOLVED -> "the outcome of your reports";
            case MODERATION_NOTICE -> "moderators' notices";
        };
    }

    private static String fill(String template, Map<String, String> values, boolean html) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("a mail template names an unknown value: " + matcher.group(1));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String load(String name) {
        try (InputStream in = MailTemplates.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("mail template missing: mail/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
