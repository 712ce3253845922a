package dev.cohort.bench.support;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A benchmark's settings as given: arguments {@code name=value} (a leading {@code --} is allowed) over system
 * properties {@code bench.<name>}. Numbers may be written with thousands separators ({@code 1,000,000} or
 * {@code 1_000_000}). A name with a dot ({@code cohort.auth.…=…}) is not a setting but a property for the code under
 * test, kept apart in {@link #properties()} for what-ifs.
 */
public final class BenchArgs {

    private final Map<String, String> values;
    private final Map<String, String> properties;

    private BenchArgs(Map<String, String> values, Map<String, String> properties) {
        this.values = values;
        this.properties = properties;
    }

    public static BenchArgs parse(String... args) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("bench.")) {
                values.put(key.toString().substring("bench.".length()), value.toString());
            }
        });
        for (String arg : args) {
            String plain = arg.startsWith("--") ? arg.substring(2) : arg;
            int equals = plain.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("expected name=value, got " + arg);
            }
            String name = plain.substring(0, equals);
            String value = plain.substring(equals + 1);
            if (name.contains(".")) {
                properties.put(name, value);
            } else {
                values.put(name, value);
            }
        }
        return new BenchArgs(values, properties);
    }

    /** The whole number named, else {@code defaultValue}. */
    public int integer(String name, int defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Integer.parseInt(number(name, value));
    }

    /** The long named, else {@code defaultValue}. */
    public long longInteger(String name, long defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Long.parseLong(number(name, value));
    }

    /** The decimal named, else {@code defaultValue}. */
    public double decimal(String name, double defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Double.parseDouble(number(name, value));
    }

    /** The boolean named ({@code true} or {@code false}), else {@code defaultValue}. */
    public boolean flag(String name, boolean defaultValue) {
        String value = values.remove(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** The text named, else {@code defaultValue}. */
    public String text(String name, String defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : value;
    }

    /** Properties for the code under test (names with a dot), in the order given. */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** Refuses settings no one asked for (a typo would otherwise run the defaults silently). */
    public void refuseUnknown() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown settings " + values.keySet());
        }
    }

    private static String number(String name, String value) {
        String digits = value.trim().replace(",", "").replace("_", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a number");
        }
        return digits;
    }
}
