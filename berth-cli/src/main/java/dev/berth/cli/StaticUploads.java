package dev.berth.cli;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.model.Sites;
import dev.berth.platform.edge.SinglePageSite;
import dev.berth.platform.layer.DeliveryLayer;
import dev.berth.platform.layer.SitesLayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files to the buckets CloudFront serves them from: a service's content-hashed static files to the environment's
 * assets bucket, a site's build to its own. A bucket is found by its stack's output; a file already there with the same
 * content is not sent again, and nothing is deleted (pages of tasks still running link to the files they were built with).
 */
final class StaticUploads implements AutoCloseable {

    /** Content-hashed names never change content: browsers and CloudFront may keep them a year without asking. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** A site's entry page changes with every release under the same name: always revalidated. */
    static final String REVALIDATE = "no-cache";
    /** A site's other files, which a build may or may not hash: an hour. */
    static final String SHORT = "public, max-age=3600";

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"), Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("wasm", "application/wasm"), Map.entry("pdf", "application/pdf"));

    /** What one upload did. */
    record Result(int sent, int unchanged) {
    }

    /** How long a file may be cached, by its key. */
    interface CachePolicy {
        String cacheControl(String key);
    }

    private final S3Client s3;
    private final CloudFormationClient cloudFormation;

    StaticUploads(S3Client s3, CloudFormationClient cloudFormation) {
        this.s3 = s3;
        this.cloudFormation = cloudFormation;
    }

    /**
     * The region's S3 and CloudFormation. With a custom endpoint ({@code AWS_ENDPOINT_URL}: a local S3 such as moto or
     * MinIO) buckets are addressed by path, as such servers expect.
     */
    static StaticUploads in(String region) {
        return new StaticUploads(S3Client.builder().region(Region.of(region))
                        .forcePathStyle(System.getenv("AWS_ENDPOINT_URL") != null).build(),
                CloudFormationClient.builder().region(Region.of(region)).build());
    }

    /**
     * The static files of the services that have them, to the environment's assets bucket (its delivery stack must
     * exist: berth release deploys it first).
     */
    void uploadAssets(EnvironmentModel model, List<ServiceModel> services, PrintWriter err) {
        List<ServiceModel> withFiles = services.stream().filter(service -> service.assets().isPresent()).toList();
        if (withFiles.isEmpty()) {
            return;
        }
        String stack = new DeliveryLayer().stackName(model);
        String bucket = output(stack, DeliveryLayer.ASSETS_BUCKET_OUTPUT).orElseThrow(() -> new UsageFailure("berth: stack "
                + stack + " does not exist yet, so there is no bucket for the static files: berth release " + model.name()
                + " deploys it first"));
        for (ServiceModel service : withFiles) {
            Result result = upload(service.assets().get().directory(), bucket, key -> IMMUTABLE);
            err.println("berth: " + service.name() + "'s static files: " + result.sent() + " sent, " + result.unchanged()
                    + " already in " + bucket);
        }
    }

    /** Each site's build to its bucket, once its stack exists (berth deploy creates it). */
    void uploadSites(EnvironmentModel model, PrintWriter err) {
        String stack = new SitesLayer().stackName(model);
        for (Sites.Site site : model.find(Sites.class).map(Sites::all).orElse(List.of())) {
            Optional<String> bucket = output(stack, SitesLayer.bucketOutput(site.name()));
            if (bucket.isEmpty()) {
                err.println("berth: site " + site.name() + " is not deployed yet; berth deploy " + model.name()
                        + " creates its bucket, then berth push uploads it");
                continue;
            }
            Result result = upload(site.directory(), bucket.get(), key -> key.equals(SinglePageSite.INDEX) ? REVALIDATE : SHORT);
            err.println("berth: site " + site.name() + ": " + result.sent() + " sent, " + result.unchanged() + " already in "
                    + bucket.get());
        }
    }

    /** Every directory the uploads read exists: checked before anything is built or sent. */
    static void requireDirectories(EnvironmentModel model, List<ServiceModel> services, Path configFile) {
        for (ServiceModel service : services) {
            service.assets().ifPresent(files -> require(files.directory(), "services." + service.name() + ".static.directory",
                    configFile, "the build makes it (for Notejam: ./mvnw -pl notejam package)"));
        }
        for (Sites.Site site : model.find(Sites.class).map(Sites::all).orElse(List.of())) {
            require(site.directory(), "sites." + site.name() + ".directory", configFile, "the site's build makes it");
        }
    }

    private static void require(Path directory, String key, Path configFile, String hint) {
        if (!Files.isDirectory(directory)) {
            throw new UsageFailure("berth: " + configFile + ": " + key + ": " + directory + " does not exist; " + hint);
        }
    }

    /** The value of a stack's output, or empty when the stack does not exist yet. */
    Optional<String> output(String stack, String output) {
        List<Output> outputs;
        try {
            outputs = cloudFormation.describeStacks(request -> request.stackName(stack)).stacks().getFirst().outputs();
        } catch (CloudFormationException e) {
            if (e.awsErrorDetails() != null && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(outputs.stream().filter(candidate -> candidate.outputKey().equals(output)).findFirst()
                .map(Output::outputValue)
                .orElseThrow(() -> new UsageFailure("berth: stack " + stack + " has no output " + output
                        + "; deploy the environment with this version of berth (berth deploy) first")));
    }

    /** Sends every file under {@code directory} whose content the bucket does not hold under its key yet. */
    Result upload(Path directory, String bucket, CachePolicy cache) {
        int sent = 0;
        int unchanged = 0;
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                byte[] content = Files.readAllBytes(file);
                if (md5(content).equals(etag(bucket, key))) {
                    unchanged++;
                    continue;
                }
                s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType(key))
                        .cacheControl(cache.cacheControl(key)), RequestBody.fromBytes(content));
                sent++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        return new Result(sent, unchanged);
    }

    private String etag(String bucket, String key) {
        try {
            return s3.headObject(request -> request.bucket(bucket).key(key)).eTag().replace("\"", "");
        } catch (NoSuchKeyException e) {
            return "";
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return "";
            }
            throw e;
        }
    }

    static String contentType(String key) {
        int dot = key.lastIndexOf('.');
        String extension = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** S3's ETag of an object sent in one part is the MD5 of its content. */
    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    @Override
    public void close() {
        s3.close();
        cloudFormation.close();
    }
}
