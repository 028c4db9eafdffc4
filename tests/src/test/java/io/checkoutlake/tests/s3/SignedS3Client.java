package io.checkoutlake.tests.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The few S3 REST calls the tests make themselves (create a bucket, put an object, list keys),
 * path-style and signed with AWS Signature Version 4, with the JDK's HTTP client only: the AWS SDK
 * on the test classpath is an internal part of flink-s3-fs-hadoop.
 */
public final class SignedS3Client {
    private static final String REGION = "us-east-1";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();

    public SignedS3Client(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public void createBucket(String bucket) throws IOException {
        HttpResponse<byte[]> response = send("PUT", bucket, "", Map.of(), new byte[0]);
        if (response.statusCode() != 200) {
            throw new IOException("PUT bucket " + bucket + ": " + describe(response));
        }
    }

    public void putObject(String bucket, String key, byte[] body) throws IOException {
        HttpResponse<byte[]> response = send("PUT", bucket, key, Map.of(), body);
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + bucket + "/" + key + ": " + describe(response));
        }
    }

    /** Puts every key's body, four at a time; fails with the first upload that failed. */
    public void putObjects(String bucket, Map<String, byte[]> bodies) throws Exception {
        ExecutorService uploads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
                done.add(
                        uploads.submit(
                                () -> {
                                    putObject(bucket, e.getKey(), e.getValue());
                                    return null;
                                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            uploads.shutdownNow();
        }
    }

    /** Every key under {@code prefix}, as a flat (undelimited) ListObjectsV2 returns them. */
    public List<String> listKeys(String bucket, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new TreeMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            HttpResponse<byte[]> response = send("GET", bucket, "", query, new byte[0]);
            if (response.statusCode() != 200) {
                throw new IOException("LIST " + bucket + "/" + prefix + ": " + describe(response));
            }
            Element result = parse(response.body()).getDocumentElement();
            NodeList contents = result.getElementsByTagName("Key");
            for (int i = 0; i < contents.getLength(); i++) {
                keys.add(contents.item(i).getTextContent());
            }
            boolean truncated = "true".equals(text(result, "IsTruncated"));
            token = truncated ? text(result, "NextContinuationToken") : null;
        } while (token != null);
        return keys;
    }

    HttpResponse<byte[]> send(
            String method, String bucket, String key, Map<String, String> query, byte[] body)
            throws IOException {
        String path = "/" + encode(bucket, false) + (key.isEmpty() ? "" : "/" + encode(key, false));
        StringJoiner canonicalQuery = new StringJoiner("&");
        new TreeMap<>(query)
                .forEach((k, v) -> canonicalQuery.add(encode(k, true) + "=" + encode(v, true)));
        String queryText = canonicalQuery.toString();
        URI uri = URI.create(endpoint + path + (queryText.isEmpty() ? "" : "?" + queryText));

        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        String payloadHash = hex(sha256(body));
        String host = uri.getRawAuthority();
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        String canonicalRequest =
                method
                        + "\n"
                        + path
                        + "\n"
                        + queryText
                        + "\n"
                        + "host:"
                        + host
                        + "\nx-amz-content-sha256:"
                        + payloadHash
                        + "\nx-amz-date:"
                        + amzDate
                        + "\n\n"
                        + signedHeaders
                        + "\n"
                        + payloadHash;
        String scope = day + "/" + REGION + "/s3/aws4_request";
        String stringToSign =
                "AWS4-HMAC-SHA256\n"
                        + amzDate
                        + "\n"
                        + scope
                        + "\n"
                        + hex(sha256(canonicalRequest.getBytes(UTF_8)));
        byte[] key4 = hmac(("AWS4" + secretKey).getBytes(UTF_8), day);
        key4 = hmac(key4, REGION);
        key4 = hmac(key4, "s3");
        key4 = hmac(key4, "aws4_request");
        String signature = hex(hmac(key4, stringToSign));

        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("x-amz-date", amzDate)
                        .header("x-amz-content-sha256", payloadHash)
                        .header(
                                "Authorization",
                                "AWS4-HMAC-SHA256 Credential="
                                        + accessKey
                                        + "/"
                                        + scope
                                        + ", SignedHeaders="
                                        + signedHeaders
                                        + ", Signature="
                                        + signature)
                        .method(
                                method,
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String describe(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + new String(response.body(), UTF_8);
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IOException("not an S3 XML answer: " + new String(xml, UTF_8), e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    /** RFC 3986 percent-encoding as SigV4 wants it; {@code /} is kept in paths. */
    static String encode(String text, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }
}
