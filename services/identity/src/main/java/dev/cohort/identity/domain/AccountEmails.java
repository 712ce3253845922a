package dev.cohort.identity.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The wording of identity's e-mails. Links carry the token in the URL's fragment ({@code #token=...}), which
 * browsers never send to a server: it stays out of access logs, proxies and {@code Referer} headers; the web app
 * reads it from the page.
 */
public final class AccountEmails {

    private final String webAppUrl;

    /** {@code webAppUrl}: where people open the web app, e.g. {@code http://localhost:8080}. */
    public AccountEmails(String webAppUrl) {
        this.webAppUrl = webAppUrl.endsWith("/") ? webAppUrl.substring(0, webAppUrl.length() - 1) : webAppUrl;
    }

    public AccountEmail verification(String recipient, String displayName, String token) {
        String link = link("/verify-email", token);
        String text = "Hello " + displayName + ",\n\n"
                + "please confirm that this is your e-mail address for Cohort by opening this link within 30 minutes:\n\n"
                + link + "\n\n"
                + "If you did not sign up for Cohort, ignore this message: nothing happens without the link.\n";
        String html = page("Confirm your e-mail address",
                "<p>Hello " + escape(displayName) + ",</p>"
                        + "<p>please confirm that this is your e-mail address for Cohort. The link works for 30 minutes.</p>"
                        + button(link, "Confirm my address")
                        + "<p>If you did not sign up for Cohort, ignore this message: nothing happens without the link.</p>");
        return new AccountEmail(recipient, "Confirm your e-mail address for Cohort", text, html);
    }

    public AccountEmail passwordReset(String recipient, String displayName, String token) {
        String link = link("/reset-password", token);
        String text = "Hello " + displayName + ",\n\n"
                + "someone (hopefully you) asked to reset the password of your Cohort account. To choose a new one, "
                + "open this link within 30 minutes:\n\n"
                + link + "\n\n"
                + "Setting a new password signs you out everywhere. If you did not ask for this, ignore this message: "
                + "your password stays as it is.\n";
        String html = page("Reset your password",
                "<p>Hello " + escape(displayName) + ",</p>"
                        + "<p>someone (hopefully you) asked to reset the password of your Cohort account. "
                        + "The link works for 30 minutes.</p>"
                        + button(link, "Choose a new password")
                        + "<p>Setting a new password signs you out everywhere. If you did not ask for this, ignore "
                        + "this message: your password stays as it is.</p>");
        return new AccountEmail(recipient, "Reset your Cohort password", text, html);
    }

    private String link(String path, String token) {
        return webAppUrl + path + "#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body style=\"font-family:sans-serif;line-height:1.5;max-width:36em\">"
                + "<h1 style=\"font-size:1.3em\">" + escape(title) + "</h1>" + body + "</body></html>";
    }

    private static String button(String link, String label) {
        return "<p><a href=\"" + escape(link) + "\" style=\"display:inline-block;padding:.6em 1em;background:#1d4ed8;"
                + "color:#fff;text-decoration:none;border-radius:6px\">" + escape(label) + "</a></p>"
                + "<p style=\"font-size:.9em;color:#444\">Or paste this address into your browser: " + escape(link) + "</p>";
    }

    /** Display names are chosen by people: in HTML they are text, never markup. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
