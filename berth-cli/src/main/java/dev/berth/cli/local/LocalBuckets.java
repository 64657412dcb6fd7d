package dev.berth.cli.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code berth up}'s S3: moto's server (moto_server, what Berth's own tests already talk to for every AWS API), one
 * bucket a service that declares {@code bucket}. Chosen over MinIO, which no Debian or Maven repository carries and
 * whose licence is AGPL, and over LocalStack, which needs a container engine: moto is one pip package, speaks S3's API
 * with path-style addresses, and checks no signature, so the services' SDKs work with any key. It keeps objects in
 * memory: berth up copies them to {@code .berth/buckets/BUCKET/} when it stops and back when it starts, so they stay
 * between runs like the database's rows (a forced stop keeps what the last clean stop saved).
 */
public final class LocalBuckets implements AutoCloseable {

    static final String EXECUTABLE = "moto_server";
    /** Moto checks no credentials; the services' SDKs need some. */
    static final String ACCESS_KEY = "berth-local";
    static final String SECRET_KEY = "berth-local-secret";

    private final LocalProcess server;
    private final URI endpoint;
    private final S3Client s3;
    private final Path data;
    private final List<String> buckets;

    private LocalBuckets(LocalProcess server, URI endpoint, S3Client s3, Path data, List<String> buckets) {
        this.server = server;
        this.endpoint = endpoint;
        this.s3 = s3;
        this.data = data;
        this.buckets = List.copyOf(buckets);
    }

    /**
     * Starts moto_server on {@code address} and {@code port} ({@link FreePort#any}, chosen before so that services started
     * first know it), makes each bucket and puts back what it held when berth up last stopped.
     */
    public static LocalBuckets start(Path data, String address, int port, List<String> buckets, String region, LogSink log)
            throws IOException {
        URI endpoint = URI.create("http://" + address + ":" + port);
        ProcessBuilder moto = new ProcessBuilder(EXECUTABLE, "--host", address, "--port", Integer.toString(port));
        // Path-style only: moto would read the first label of host.berth.internal as a bucket's name.
        moto.environment().put("S3_IGNORE_SUBDOMAIN_BUCKETNAME", "true");
        LocalProcess server = LocalProcess.start(moto, "s3", log, null);
        S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build();
        LocalBuckets local = new LocalBuckets(server, endpoint, s3, data, buckets);
        try {
            local.awaitAnswer(Duration.ofSeconds(30));
            for (String bucket : buckets) {
                s3.createBucket(request -> request.bucket(bucket));
                local.restore(bucket);
            }
        } catch (IOException | RuntimeException e) {
            local.close();
            throw e;
        }
        return local;
    }

    /**
     * The variables a service with a bucket gets beside {@code BUCKET_NAME}: where S3 is ({@code AWS_ENDPOINT_URL_S3},
     * which the AWS SDKs read since 2023) as a service reaching this machine as {@code host} sees it, and credentials
     * where the cloud's task role would give them.
     */
    public static Map<String, String> clientVariables(String host, int port, String region) {
        return Map.of("AWS_ENDPOINT_URL_S3", "http://" + host + ":" + port,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", region);
    }

    private void awaitAnswer(Duration timeout) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && server.alive()) {
            try {
                client.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while moto_server started", e);
            }
        }
        throw new IOException("moto_server did not answer on " + endpoint + (server.alive() ? " within " + timeout.toSeconds() + " s" : ""));
    }

    private void restore(String bucket) throws IOException {
        Path saved = data.resolve(bucket);
        if (!Files.isDirectory(saved)) {
            return;
        }
        try (Stream<Path> files = Files.walk(saved)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = saved.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromFile(file));
            }
        }
    }

    /** Each bucket's objects written to a new directory, which then replaces the last run's. */
    private void save(String bucket) throws IOException {
        Path next = data.resolve(bucket + ".saving");
        delete(next);
        Files.createDirectories(next);
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().forEach(objects::add);
        for (S3Object object : objects) {
            Path file = next.resolve(object.key()).normalize();
            if (!file.startsWith(next) || object.key().endsWith("/")) {
                continue; // a key no file can hold (a folder marker, or one naming its way out)
            }
            Files.createDirectories(file.getParent());
            s3.getObject(request -> request.bucket(bucket).key(object.key()), file);
        }
        delete(data.resolve(bucket));
        Files.move(next, data.resolve(bucket));
    }

    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Saves every bucket, then stops moto. */
    @Override
    public void close() throws IOException {
        IOException failed = null;
        if (server.alive()) {
            for (String bucket : buckets) {
                try {
                    save(bucket);
                } catch (IOException | RuntimeException e) {
                    failed = new IOException("could not save the bucket " + bucket + " to " + data + ": " + e.getMessage(), e);
                }
            }
        }
        s3.close();
        server.stop(Duration.ofSeconds(10));
        if (failed != null) {
            throw failed;
        }
    }

    /** Stops moto without saving (the second Ctrl-C). */
    void kill() {
        server.kill();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
