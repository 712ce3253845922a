package dev.cohort.bench.chat;

import dev.cohort.bench.support.JitWarmup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to run, from arguments {@code --name=value}, {@code --name value} or {@code name=value} (or system properties
 * {@code bench.<name>}); {@code --heap-run} alone means {@code --heap-run=true}. {@code --streams=N} is the scale
 * run: N subscriber streams over {@code N / subscribers-per-conversation} conversations, with N / 100 senders
 * unless {@code --senders} says otherwise. Durations are {@code 500ms},
 * {@code 20s}, {@code 5m} or plain seconds. Arguments naming a {@code cohort.*} or {@code spring.*} property go to
 * the chat service as they are (e.g. {@code --cohort.chat.writer-max-batch=500}).
 *
 * @param subscribersPerConversation streaming clients following each conversation
 * @param conversations              channels, each with its subscribers and all the senders as members
 * @param senders                    users posting; each posts to every conversation in turn
 * @param rate                       target sends per second over all senders; 0 = closed loop (peak), then a paced
 *                                   pass at half the peak for the latency figures
 * @param duration                   measured time of each pass
 * @param warmup                     least load before each measured window, not counted; the warm-up goes on
 *                                   until the JIT compiler is quiet ({@link JitWarmup})
 * @param warmupMax                  most warm-up, whether the compiler is quiet or not
 * @param jitQuiet                   the compiler's share of a warm-up step (compile time / wall time) below which
 *                                   it counts as quiet
 * @param heapRun                    add the long run at the paced rate that samples the heap after GC
 * @param heapDuration               length of that run
 * @param heapInterval               time between heap samples
 * @param heapSlopeLimit             the most heap growth (MiB per minute) still called flat
 * @param inFlight                   sends each sender keeps outstanding in the closed-loop pass
 * @param sendApi                    {@code connect} (the send command of a Connect stream) or {@code unary}
 *                                   (SendMessage)
 * @param streamApi                  {@code connect} (native clients) or {@code subscribe} (the browser's stream)
 * @param textBytes                  length of each message's text
 * @param channels                   TCP connections the readers spread their streams over (the same for the echo)
 * @param senderChannels             TCP connections of the senders' own (0: the senders share the readers')
 * @param limitDuration              measured time of each limit (echo, JDBC)
 * @param echoWindow                 messages in flight per echo stream (1 = ping-pong, as grpc-benchmarks'
 *                                   streaming client)
 * @param maxOutstanding             sends in flight over all senders before the paced sender skips (counted)
 * @param replicas                   chat instances behind the same PostgreSQL and Redis: the senders use the
 *                                   first, the readers' connections spread over all of them
 * @param serviceProperties          passed to the chat service
 */
public record BenchSettings(int subscribersPerConversation, int conversations, int senders, double rate,
                            Duration duration, Duration warmup, Duration warmupMax, double jitQuiet,
                            boolean heapRun, Duration heapDuration,
                            Duration heapInterval, double heapSlopeLimit, int inFlight, String sendApi,
                            String streamApi, int textBytes, int channels, int senderChannels,
                            Duration limitDuration, int echoWindow,
                            int maxOutstanding, int replicas, Map<String, String> serviceProperties) {

    private static final Set<String> FLAGS = Set.of("heap-run");

    public BenchSettings {
        serviceProperties = Map.copyOf(serviceProperties);
        require(subscribersPerConversation >= 1, "subscribers-per-conversation must be at least 1");
        require(conversations >= 1, "conversations must be at least 1");
        require(senders >= 1, "senders must be at least 1");
        require(rate >= 0, "rate must be 0 (closed loop) or positive");
        require(!duration.isNegative() && !duration.isZero(), "duration must be positive");
        require(!warmup.isNegative(), "warmup must not be negative");
        require(warmupMax.compareTo(warmup) >= 0, "warmup-max must not be below warmup");
        require(jitQuiet > 0, "jit-quiet must be positive");
        require(inFlight >= 1, "in-flight must be at least 1");
        require(sendApi.equals("connect") || sendApi.equals("unary"), "send-api is connect or unary");
        require(streamApi.equals("connect") || streamApi.equals("subscribe"), "stream-api is connect or subscribe");
        require(textBytes >= 24 && textBytes <= 4000, "text-bytes must be 24 to 4000");
        require(channels >= 1, "channels must be at least 1");
        require(senderChannels >= 0, "sender-channels must not be negative");
        require(echoWindow >= 1, "echo-window must be at least 1");
        require(maxOutstanding >= 1, "max-outstanding must be at least 1");
        require(replicas >= 1, "replicas must be at least 1");
        require(replicas == 1 || channels >= replicas, "channels must be at least replicas (each gets readers)");
        require(!heapInterval.isNegative() && !heapInterval.isZero(), "heap-interval must be positive");
    }

    public static BenchSettings fromArgs(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("bench.")) {
                values.put(key.toString().substring("bench.".length()), value.toString());
            }
        });
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean dashed = arg.startsWith("--");
            String plain = dashed ? arg.substring(2) : arg;
            int equals = plain.indexOf('=');
            if (equals >= 0) {
                values.put(plain.substring(0, equals), plain.substring(equals + 1));
            } else if (dashed && FLAGS.contains(plain)) {
                values.put(plain, "true");
            } else if (dashed && i + 1 < args.length) {
                values.put(plain, args[++i]);
            } else {
                throw new IllegalArgumentException("expected --name=value, --name value or name=value, got " + arg);
            }
        }
        Map<String, String> service = new LinkedHashMap<>();
        values.entrySet().removeIf(entry -> {
            if (entry.getKey().startsWith("cohort.") || entry.getKey().startsWith("spring.")) {
                service.put(entry.getKey(), entry.getValue());
                return true;
            }
            return false;
        });
        int subscribersPerConversation = integer(values, "subscribers-per-conversation", 10);
        int streams = integer(values, "streams", 0);
        int conversations;
        int senders;
        if (streams > 0) {
            // The scale run: the streams spread over as many conversations as it takes, 1 % of them sending.
            require(!values.containsKey("conversations"), "streams sets conversations; give one or the other");
            require(streams % subscribersPerConversation == 0,
                    "streams must be a multiple of subscribers-per-conversation");
            conversations = streams / subscribersPerConversation;
            senders = integer(values, "senders", Math.max(1, streams / 100));
        } else {
            require(streams == 0, "streams must not be negative");
            conversations = integer(values, "conversations", 10);
            senders = integer(values, "senders", 50);
        }
        BenchSettings settings = new BenchSettings(
                subscribersPerConversation, conversations, senders, number(values, "rate", 0),
                duration(values, "duration", "20s"), duration(values, "warmup", "10s"),
                duration(values, "warmup-max", "180s"), number(values, "jit-quiet", 0.03),
                bool(values, "heap-run"),
                duration(values, "heap-duration", "5m"), duration(values, "heap-interval", "10s"),
                number(values, "heap-slope-limit", 1.0), integer(values, "in-flight", 4),
                text(values, "send-api", "connect"), text(values, "stream-api", "connect"),
                integer(values, "text-bytes", 100), integer(values, "channels", 4), integer(values, "sender-channels", 2),
                duration(values, "limit-duration", "10s"), integer(values, "echo-window", 1),
                integer(values, "max-outstanding", 10_000), integer(values, "replicas", 1), service);
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown settings " + values.keySet() + " (see bench/chat/README.md)");
        }
        return settings;
    }

    /** Subscribing streams in all: what the echo limit opens too. */
    public int subscriberStreams() {
        return subscribersPerConversation * conversations;
    }

    /** Closed loop first (peak), then paced at half of it; or paced at the given rate only. */
    public boolean findsPeak() {
        return rate == 0;
    }

    /** Parses {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h} or plain seconds. */
    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        char unit = value.charAt(value.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        }
        double amount = Double.parseDouble(value.substring(0, value.length() - 1));
        long seconds = switch (unit) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            default -> throw new IllegalArgumentException("unknown duration unit in " + text);
        };
        return Duration.ofMillis(Math.round(amount * seconds * 1000));
    }

    private static int integer(Map<String, String> values, String name, int defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Integer.parseInt(value.trim().replace(",", "").replace("_", ""));
    }

    private static boolean bool(Map<String, String> values, String name) {
        String value = values.remove(name);
        return value != null && Boolean.parseBoolean(value.trim());
    }

    private static double number(Map<String, String> values, String name, double defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Double.parseDouble(value.trim().replace(",", "").replace("_", ""));
    }

    private static Duration duration(Map<String, String> values, String name, String defaultValue) {
        String value = values.remove(name);
        return parseDuration(value == null ? defaultValue : value);
    }

    private static String text(Map<String, String> values, String name, String defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : value.trim().toLowerCase(Locale.ROOT);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
