package dev.cohort.kafka.broker;

import ch.qos.logback.classic.Level;

/** The log level of Kafka's own loggers in this JVM (when logback is the SLF4J binding). */
final class KafkaLogs {

    private static final String[] LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper"};

    private KafkaLogs() {
    }

    /** Kafka writes thousands of INFO lines per start; only warnings matter here. */
    static void quiet() {
        setLevel(Level.WARN);
    }

    static void off() {
        setLevel(Level.OFF);
    }

    private static void setLevel(Level level) {
        for (String name : LOGGERS) {
            if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logback) {
                logback.setLevel(level);
            }
        }
    }
}
