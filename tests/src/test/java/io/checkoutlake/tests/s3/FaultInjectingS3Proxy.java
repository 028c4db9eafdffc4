package io.checkoutlake.tests.s3;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 proxy on loopback in front of an S3 API server that passes requests through unchanged
 * (so their signatures stay valid), records every exchange by S3 operation, and on command injects
 * faults: {@code 500 InternalError} and {@code 503 SlowDown} answers with S3's XML error body, a
 * connection cut in the middle of a request body (an upload dying half-way), and a connection cut
 * after the server has executed a request but before its answer arrives.
 *
 * <p>Faults are rules: the next {@code n} requests of some operations ({@link #inject}), or all of
 * them for a while ({@link #injectFor}). An error answer closes the connection; the client's retry
 * opens a new one, as it would against S3.
 *
 * <p>{@link #delayEach} adds a latency to every request, as a store across a network has: each
 * connection waits that long before a request goes on, so concurrent requests wait concurrently.
 */
public final class FaultInjectingS3Proxy implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingS3Proxy.class);
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    /** What the proxy does instead of passing a request through. */
    public enum Fault {
        /** {@code 500 InternalError}, without forwarding the request. */
        INTERNAL_ERROR(
                500,
                "Internal Server Error",
                "InternalError",
                "We encountered an internal error. Please try again."),
        /** {@code 503 SlowDown}, without forwarding the request. */
        SLOW_DOWN(503, "Slow Down", "SlowDown", "Please reduce your request rate."),
        /** {@code 403 AccessDenied} (an object ACL, a KMS key the role may not use). */
        ACCESS_DENIED(403, "Forbidden", "AccessDenied", "Access Denied"),
        /** {@code 403 InvalidObjectState}: S3's answer to a GET of an archived object. */
        ARCHIVED(
                403,
                "Forbidden",
                "InvalidObjectState",
                "The operation is not valid for the object's storage class"),
        /** Forwards the head and half the body, then resets both connections. */
        CUT_MID_BODY(0, null, null, null),
        /** Forwards the whole request, lets the server execute it, then resets the client. */
        LOSE_RESPONSE(0, null, null, null);

        final int status;
        final String reasonPhrase;
        final String code;
        final String message;

        Fault(int status, String reasonPhrase, String code, String message) {
            this.status = status;
            this.reasonPhrase = reasonPhrase;
            this.code = code;
            this.message = message;
        }

        boolean answersWithError() {
            return status != 0;
        }
    }

    /** The S3 operation of a request, told apart by method, path and query as S3 does. */
    public enum Operation {
        LIST_BUCKETS,
        BUCKET,
        LIST_OBJECTS,
        LIST_MULTIPART_UPLOADS,
        DELETE_OBJECTS,
        GET_OBJECT,
        HEAD_OBJECT,
        PUT_OBJECT,
        COPY_OBJECT,
        DELETE_OBJECT,
        INITIATE_MULTIPART_UPLOAD,
        UPLOAD_PART,
        LIST_PARTS,
        COMPLETE_MULTIPART_UPLOAD,
        ABORT_MULTIPART_UPLOAD,
        OTHER;

        public static final Set<Operation> ALL =
                Collections.unmodifiableSet(EnumSet.allOf(Operation.class));
        public static final Set<Operation> UPLOADS =
                Collections.unmodifiableSet(EnumSet.of(PUT_OBJECT, UPLOAD_PART));
    }

    /** One request as the proxy saw it, with what became of it. */
    public static final class Exchange {
        public final Operation operation;
        public final String bucket;
        public final String key;
        public final Map<String, String> query;

        /** The status the client received; 0 when the connection was cut. */
        public final int status;

        /** The injected fault; {@code null} when passed through untouched. */
        public final Fault fault;

        /** When the request's head arrived, on {@link System#nanoTime()}'s clock. */
        public final long startNanos;

        /** From the request's head to the end of its answer (or of the connection). */
        public final long millis;

        Exchange(Request request, int status, Fault fault) {
            this.operation = request.operation;
            this.bucket = request.bucket;
            this.key = request.key;
            this.query = request.query;
            this.status = status;
            this.fault = fault;
            this.startNanos = request.receivedNanos;
            this.millis = (System.nanoTime() - request.receivedNanos) / 1_000_000;
        }

        public String uploadId() {
            return query.get("uploadId");
        }

        @Override
        public String toString() {
            return operation
                    + " "
                    + bucket
                    + "/"
                    + key
                    + " -> "
                    + status
                    + (fault == null ? "" : " (" + fault + ")")
                    + " in "
                    + millis
                    + " ms";
        }
    }

    private static final class Rule {
        final Fault fault;
        final Set<Operation> operations;
        final AtomicInteger remaining;
        final long untilNanos;

        /** Null: requests on any key. */
        final String key;

        Rule(Fault fault, Set<Operation> operations, int times, long untilNanos) {
            this(fault, operations, times, untilNanos, null);
        }

        Rule(Fault fault, Set<Operation> operations, int times, long untilNanos, String key) {
            this.fault = fault;
            this.operations = operations;
            this.remaining = new AtomicInteger(times);
            this.untilNanos = untilNanos;
            this.key = key;
        }

        boolean take(Operation operation, String requestKey) {
            if (!operations.contains(operation) || (key != null && !key.equals(requestKey))) {
                return false;
            }
            if (untilNanos != 0) {
                return System.nanoTime() < untilNanos;
            }
            return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }

        boolean spent() {
            return untilNanos != 0 ? System.nanoTime() >= untilNanos : remaining.get() <= 0;
        }
    }

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "fault-proxy");
                        t.setDaemon(true);
                        return t;
                    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile long delayNanos;

    private FaultInjectingS3Proxy(URI upstream) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code upstream} ({@code
     * http://host:port}).
     */
    public static FaultInjectingS3Proxy start(URI upstream) throws IOException {
        return new FaultInjectingS3Proxy(upstream);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next {@code times} requests of {@code operations} get {@code fault}. */
    public void inject(Fault fault, Set<Operation> operations, int times) {
        LOG.info("injecting {} into the next {} of {}", fault, times, operations);
        rules.add(new Rule(fault, operations, times, 0));
    }

    /** Every request of {@code operations} gets {@code fault} for {@code window} from now. */
    public void injectFor(Fault fault, Set<Operation> operations, Duration window) {
        LOG.info("injecting {} into {} for {}", fault, operations, window);
        rules.add(new Rule(fault, operations, 0, System.nanoTime() + window.toNanos()));
    }

    /**
     * Every request from now on waits {@code delay} after its head arrived, before it is passed on
     * or answered with a fault; {@link Duration#ZERO} ends the delay.
     */
    public void delayEach(Duration delay) {
        LOG.info("delaying every request by {}", delay);
        delayNanos = delay.toNanos();
    }

    /** Every request of {@code operations} on {@code bucket}/{@code key} gets {@code fault}. */
    public void injectForKey(Fault fault, Set<Operation> operations, String key) {
        LOG.info("injecting {} into {} of {}", fault, operations, key);
        rules.add(new Rule(fault, operations, 0, Long.MAX_VALUE, key));
    }

    /** True when every injected rule is used up or expired. */
    public boolean faultsSpent() {
        return rules.stream().allMatch(Rule::spent);
    }

    public List<Exchange> exchanges() {
        return new ArrayList<>(exchanges);
    }

    /** Requests per operation so far, e.g. for a test's log. */
    public Map<Operation, Long> countByOperation() {
        return exchanges.stream()
                .collect(
                        Collectors.groupingBy(
                                e -> e.operation,
                                () -> new java.util.EnumMap<>(Operation.class),
                                Collectors.counting()));
    }

    /**
     * The most requests of {@code operations} that were in flight at once among {@code exchanges}
     * (from head to the end of the answer, at millisecond resolution).
     */
    public static int peakInFlight(List<Exchange> exchanges, Set<Operation> operations) {
        List<long[]> edges = new ArrayList<>();
        for (Exchange e : exchanges) {
            if (operations.contains(e.operation)) {
                long start = e.startNanos / 1_000_000;
                edges.add(new long[] {start, 1});
                edges.add(new long[] {start + e.millis, -1});
            }
        }
        // Ends before starts at the same millisecond: back-to-back requests do not overlap.
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int inFlight = 0;
        int peak = 0;
        for (long[] edge : edges) {
            inFlight += (int) edge[1];
            peak = Math.max(peak, inFlight);
        }
        return peak;
    }

    /** How many requests got {@code fault}. */
    public long served(Fault fault) {
        return exchanges.stream().filter(e -> e.fault == fault).count();
    }

    /** How many requests got {@code fault}, by operation. */
    public Map<Operation, Long> servedByOperation(Fault fault) {
        return exchanges.stream()
                .filter(e -> e.fault == fault)
                .collect(
                        Collectors.groupingBy(
                                e -> e.operation, LinkedHashMap::new, Collectors.counting()));
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("accept failed", e);
                }
            }
        }
    }

    private Fault take(Request request) {
        for (Rule rule : rules) {
            if (rule.take(request.operation, request.key)) {
                return rule.fault;
            }
        }
        return null;
    }

    private void serve(Socket client) {
        Socket server = null;
        try {
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            InputStream fromServer = null;
            OutputStream toServer = null;
            while (true) {
                Head head = Head.read(fromClient);
                if (head == null) {
                    return;
                }
                Request request = Request.of(head);
                if (head.header("Transfer-Encoding") != null) {
                    throw new IOException(
                            "chunked request bodies are not supported: " + head.startLine);
                }
                long delay = delayNanos;
                if (delay > 0) {
                    Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
                }
                long length = head.contentLength();
                boolean expectContinue = "100-continue".equalsIgnoreCase(head.header("Expect"));
                Fault fault = take(request);
                if (fault != null && fault.answersWithError()) {
                    if (!expectContinue) {
                        skip(fromClient, length);
                    }
                    answerError(toClient, fault, request, head.method.equals("HEAD"));
                    exchanges.add(new Exchange(request, fault.status, fault));
                    return;
                }
                if (server == null) {
                    server = new Socket();
                    open.add(server);
                    server.connect(upstream, 10_000);
                    fromServer = new BufferedInputStream(server.getInputStream());
                    toServer = server.getOutputStream();
                }
                toServer.write(head.raw);
                Head response = null;
                if (expectContinue) {
                    toServer.flush();
                    Head interim = Head.read(fromServer);
                    if (interim == null) {
                        throw new EOFException("server closed before answering Expect");
                    }
                    if (interim.status() != 100) {
                        response = interim;
                    } else {
                        toClient.write(interim.raw);
                        toClient.flush();
                    }
                }
                if (response == null) {
                    if (fault == Fault.CUT_MID_BODY) {
                        copy(fromClient, toServer, length / 2);
                        toServer.flush();
                        reset(client);
                        reset(server);
                        exchanges.add(new Exchange(request, 0, fault));
                        return;
                    }
                    copy(fromClient, toServer, length);
                    toServer.flush();
                    response = Head.read(fromServer);
                    while (response != null && response.status() == 100) {
                        response = Head.read(fromServer);
                    }
                    if (response == null) {
                        throw new EOFException(
                                "server closed without answering " + request.operation);
                    }
                }
                boolean bodyless =
                        head.method.equals("HEAD")
                                || response.status() == 204
                                || response.status() == 304;
                if (fault == Fault.LOSE_RESPONSE) {
                    relayBody(response, bodyless, fromServer, OutputStream.nullOutputStream());
                    reset(client);
                    exchanges.add(new Exchange(request, 0, fault));
                    return;
                }
                toClient.write(response.raw);
                boolean untilEof = relayBody(response, bodyless, fromServer, toClient);
                toClient.flush();
                exchanges.add(new Exchange(request, response.status(), null));
                if (expectContinue && response.status() >= 300 && length > 0) {
                    // The client may or may not send the body it announced: start afresh.
                    return;
                }
                if (untilEof || response.closes() || head.closes()) {
                    return;
                }
            }
        } catch (SocketException | EOFException e) {
            LOG.debug("connection ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("proxying failed", e);
        } finally {
            closeQuietly(client);
            if (server != null) {
                closeQuietly(server);
            }
        }
    }

    private static void answerError(OutputStream out, Fault fault, Request request, boolean head)
            throws IOException {
        String requestId = Long.toHexString(System.nanoTime()).toUpperCase(Locale.ROOT);
        byte[] body =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                                + fault.code
                                + "</Code><Message>"
                                + fault.message
                                + "</Message><Resource>/"
                                + escape(
                                        request.bucket
                                                + (request.key.isEmpty() ? "" : "/" + request.key))
                                + "</Resource><RequestId>"
                                + requestId
                                + "</RequestId><HostId>fault-injecting-proxy</HostId></Error>")
                        .getBytes(UTF_8);
        String headText =
                "HTTP/1.1 "
                        + fault.status
                        + " "
                        + fault.reasonPhrase
                        + "\r\nContent-Type: application/xml\r\nContent-Length: "
                        + (head ? 0 : body.length)
                        + "\r\nx-amz-request-id: "
                        + requestId
                        + "\r\nConnection: close\r\n\r\n";
        out.write(headText.getBytes(ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Relays a response body by its framing; true if it was delimited by the end of the stream. */
    private static boolean relayBody(
            Head response, boolean bodyless, InputStream in, OutputStream out) throws IOException {
        if (bodyless || response.status() / 100 == 1) {
            return false;
        }
        String transferEncoding = response.header("Transfer-Encoding");
        if (transferEncoding != null
                && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = readLine(in);
                out.write((sizeLine + "\r\n").getBytes(ISO_8859_1));
                int semicolon = sizeLine.indexOf(';');
                long size =
                        Long.parseLong(
                                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon))
                                        .trim(),
                                16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                        out.write((trailer + "\r\n").getBytes(ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return false;
                }
                copy(in, out, size);
                out.write((readLine(in) + "\r\n").getBytes(ISO_8859_1));
            }
        }
        long length = response.contentLength();
        if (length >= 0) {
            copy(in, out, length);
            return false;
        }
        in.transferTo(out);
        return true;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("stream ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long length) throws IOException {
        copy(in, OutputStream.nullOutputStream(), Math.max(0, length));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end =
                        bytes.length > 0 && bytes[bytes.length - 1] == '\r'
                                ? bytes.length - 1
                                : bytes.length;
                return new String(bytes, 0, end, ISO_8859_1);
            }
            line.write(b);
        }
        throw new EOFException("stream ended inside a line");
    }

    /** Closes with a TCP reset, as a dropped connection looks to the other side. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /** The head of a request or response: its bytes as received, and its parsed fields. */
    static final class Head {
        final byte[] raw;
        final String method;
        final String target;
        final String startLine;
        final Map<String, String> headers;

        private Head(byte[] raw) {
            this.raw = raw;
            String text = new String(raw, ISO_8859_1);
            String[] lines = text.split("\r\n");
            this.startLine = lines[0];
            String[] parts = startLine.split(" ", 3);
            this.method = parts[0];
            this.target = parts.length > 1 ? parts[1] : "";
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    h.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            this.headers = h;
        }

        /** Null at a clean end of stream before a new head. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                bytes.write(b);
                if ((matched % 2 == 0 && b == '\r') || (matched % 2 == 1 && b == '\n')) {
                    matched++;
                } else {
                    matched = b == '\r' ? 1 : 0;
                }
                if (matched == 4) {
                    return new Head(bytes.toByteArray());
                }
                if (bytes.size() > MAX_HEAD_BYTES) {
                    throw new IOException("head larger than " + MAX_HEAD_BYTES + " bytes");
                }
            }
            if (bytes.size() == 0) {
                return null;
            }
            throw new EOFException("stream ended inside a head");
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        int status() {
            return Integer.parseInt(startLine.split(" ", 3)[1]);
        }

        /** -1 when there is no Content-Length. */
        long contentLength() {
            String length = header("Content-Length");
            return length == null ? -1 : Long.parseLong(length);
        }

        boolean closes() {
            String connection = header("Connection");
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        }
    }

    /** A request's S3 meaning: bucket, key, query and operation (path-style addressing). */
    static final class Request {
        final String bucket;
        final String key;
        final Map<String, String> query;
        final Operation operation;
        final long receivedNanos = System.nanoTime();

        private Request(String bucket, String key, Map<String, String> query, Operation operation) {
            this.bucket = bucket;
            this.key = key;
            this.query = query;
            this.operation = operation;
        }

        static Request of(Head head) {
            String target = head.target;
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            Map<String, String> query = new LinkedHashMap<>();
            if (q >= 0) {
                for (String pair : target.substring(q + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    query.put(
                            decode(eq < 0 ? pair : pair.substring(0, eq)),
                            eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            int slash = trimmed.indexOf('/');
            String bucket = decode(slash < 0 ? trimmed : trimmed.substring(0, slash));
            String key = slash < 0 ? "" : decode(trimmed.substring(slash + 1));
            return new Request(bucket, key, query, operationOf(head, bucket, key, query));
        }

        private static String decode(String text) {
            return URLDecoder.decode(text.replace("+", "%2B"), UTF_8);
        }

        private static Operation operationOf(
                Head head, String bucket, String key, Map<String, String> query) {
            String method = head.method;
            if (bucket.isEmpty()) {
                return Operation.LIST_BUCKETS;
            }
            if (key.isEmpty()) {
                if (method.equals("GET") && query.containsKey("uploads")) {
                    return Operation.LIST_MULTIPART_UPLOADS;
                }
                if (method.equals("GET")) {
                    return Operation.LIST_OBJECTS;
                }
                if (method.equals("POST") && query.containsKey("delete")) {
                    return Operation.DELETE_OBJECTS;
                }
                return Operation.BUCKET;
            }
            switch (method) {
                case "PUT":
                    if (query.containsKey("uploadId") && query.containsKey("partNumber")) {
                        return Operation.UPLOAD_PART;
                    }
                    return head.header("x-amz-copy-source") != null
                            ? Operation.COPY_OBJECT
                            : Operation.PUT_OBJECT;
                case "POST":
                    if (query.containsKey("uploads")) {
                        return Operation.INITIATE_MULTIPART_UPLOAD;
                    }
                    return query.containsKey("uploadId")
                            ? Operation.COMPLETE_MULTIPART_UPLOAD
                            : Operation.OTHER;
                case "DELETE":
                    return query.containsKey("uploadId")
                            ? Operation.ABORT_MULTIPART_UPLOAD
                            : Operation.DELETE_OBJECT;
                case "GET":
                    return query.containsKey("uploadId")
                            ? Operation.LIST_PARTS
                            : Operation.GET_OBJECT;
                case "HEAD":
                    return Operation.HEAD_OBJECT;
                default:
                    return Operation.OTHER;
            }
        }
    }
}
