package dev.cohort.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis (RESP2) client over a plain socket: enough to probe a server and clean up
 * keys without pulling a Redis client library into every test classpath.
 *
 * <p>Replies map to: simple string and bulk string → {@link String} (nil → {@code null}),
 * integer → {@link Long}, array → {@link List}; an error reply throws {@link RedisError}.
 */
final class RespClient implements Closeable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RespClient(String host, int port, int timeoutMillis) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(Math.max(timeoutMillis, 2_000));
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot connect to Redis at " + host + ":" + port, e);
        }
    }

    /** Sends one command and returns its reply. */
    Object call(String... args) {
        return call(List.of(args));
    }

    Object call(List<String> args) {
        try {
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            command.write(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                command.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                command.write(bytes);
                command.write('\r');
                command.write('\n');
            }
            out.write(command.toByteArray());
            out.flush();
            return readReply();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis command " + args.get(0) + " failed", e);
        }
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    throw new EOFException("Redis reply cut short");
                }
                readLine(); // the CRLF after the payload
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                return items;
            }
            default:
                throw new IOException("Unexpected RESP reply type '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Redis closed the connection");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** An error reply from Redis, e.g. {@code ERR unknown command}. */
    static final class RedisError extends RuntimeException {
        RedisError(String message) {
            super(message);
        }
    }
}
