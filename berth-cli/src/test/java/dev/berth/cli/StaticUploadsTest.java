package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * berth push's uploads against moto's S3 and CloudFormation: the bucket found by its stack's output, each file with
 * its type and cache policy, nothing sent twice, a site's entry page revalidated.
 */
class StaticUploadsTest {

    static final StaticCredentialsProvider TESTING = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    static S3Client s3;
    static CloudFormationClient cloudFormation;

    @BeforeAll
    static void startMoto() throws Exception {
        CdkCliAgainstMotoTest.startMoto();
        URI endpoint = URI.create(CdkCliAgainstMotoTest.endpoint);
        s3 = S3Client.builder().region(Region.EU_CENTRAL_1).endpointOverride(endpoint).forcePathStyle(true)
                .credentialsProvider(TESTING).build();
        cloudFormation = CloudFormationClient.builder().region(Region.EU_CENTRAL_1).endpointOverride(endpoint)
                .credentialsProvider(TESTING).build();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (s3 != null) {
            s3.close();
            cloudFormation.close();
        }
        CdkCliAgainstMotoTest.stopMoto();
    }

    /** A stack with a bucket and an output naming it, as the delivery and sites stacks have. */
    static String stackWithBucket(String stack, String output) {
        cloudFormation.createStack(request -> request.stackName(stack).templateBody("""
                {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
                 "Outputs": {"%s": {"Value": {"Ref": "Bucket"}}}}""".formatted(output)));
        return cloudFormation.describeStacks(request -> request.stackName(stack)).stacks().getFirst().outputs().getFirst().outputValue();
    }

    /** On the shared clients, which the class closes (not each test: closing the uploads would close them). */
    static StaticUploads uploads() {
        return new StaticUploads(s3, cloudFormation);
    }

    static ResponseBytes<GetObjectResponse> object(String bucket, String key) {
        return s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));
    }

    @Test
    void aServicesHashedFilesGoToTheAssetsBucketImmutableAndOnlyOnce(@TempDir Path project) throws Exception {
        Path publicDir = project.resolve("app/target/public/static/css");
        Files.createDirectories(publicDir);
        Files.writeString(publicDir.resolve("notejam-0123456789abcdef.css"), "body { color: #333; }");
        Files.createDirectories(project.resolve("app/target/public/static/img"));
        Files.write(project.resolve("app/target/public/static/img/logo-fedcba9876543210.svg"), "<svg/>".getBytes());
        EnvironmentModel model = dev(project);
        StringWriter err = new StringWriter();
        StaticUploads uploads = uploads();
        assertThatThrownBy(() -> uploads.uploadAssets(model, model.services().all(), new PrintWriter(err, true)))
                .isInstanceOf(UsageFailure.class).hasMessageContaining("stack notes-dev-delivery does not exist yet")
                .hasMessageContaining("berth release dev");
        String bucket = stackWithBucket("notes-dev-delivery", "AssetsBucketName");

        uploads.uploadAssets(model, model.services().all(), new PrintWriter(err, true));
        assertThat(err.toString()).contains("berth: web's static files: 2 sent, 0 already in " + bucket);
        ResponseBytes<GetObjectResponse> css = object(bucket, "static/css/notejam-0123456789abcdef.css");
        assertThat(css.asUtf8String()).isEqualTo("body { color: #333; }");
        assertThat(css.response().contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(css.response().cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(object(bucket, "static/img/logo-fedcba9876543210.svg").response().contentType()).isEqualTo("image/svg+xml");

        // A new build adds a file; the files already there are not sent again, and nothing is deleted.
        Files.writeString(publicDir.resolve("notejam-aaaaaaaaaaaaaaaa.css"), "body { color: #000; }");
        uploads.uploadAssets(model, model.services().all(), new PrintWriter(err, true));
        assertThat(err.toString()).contains("berth: web's static files: 1 sent, 2 already in " + bucket);
        assertThat(object(bucket, "static/css/notejam-0123456789abcdef.css").asUtf8String()).isEqualTo("body { color: #333; }");
    }

    @Test
    void aSiteGoesToItsBucketOnceDeployedItsEntryPageRevalidated(@TempDir Path project) throws Exception {
        Files.createDirectories(project.resolve("site"));
        Files.writeString(project.resolve("site/index.html"), "<!doctype html><title>Atlas</title>");
        Files.writeString(project.resolve("site/app.js"), "render();");
        EnvironmentModel model = BerthYaml.parse(project.resolve("berth.yaml"), new StringReader("""
                project: atlas
                region: eu-central-1
                services:
                  - name: api
                    image: {repository: atlas/api}
                sites:
                  - {name: app, directory: site}
                environments:
                  dev: {}
                """)).environment("dev").orElseThrow();
        StringWriter err = new StringWriter();
        StaticUploads uploads = uploads();
        uploads.uploadSites(model, new PrintWriter(err, true));
        assertThat(err.toString()).contains("berth: site app is not deployed yet; berth deploy dev creates its bucket");

        String bucket = stackWithBucket("atlas-dev-sites", "AppSiteBucket");
        uploads.uploadSites(model, new PrintWriter(err, true));
        assertThat(err.toString()).contains("berth: site app: 2 sent, 0 already in " + bucket);
        ResponseBytes<GetObjectResponse> index = object(bucket, "index.html");
        assertThat(index.response().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(index.response().cacheControl()).isEqualTo("no-cache");
        assertThat(object(bucket, "app.js").response().cacheControl()).isEqualTo("public, max-age=3600");
    }

    @Test
    void aMissingBuildIsAUsageErrorNamingTheKeyBeforeAnythingIsBuilt(@TempDir Path project) {
        EnvironmentModel model = dev(project);
        assertThatThrownBy(() -> StaticUploads.requireDirectories(model, model.services().all(), project.resolve("berth.yaml")))
                .isInstanceOf(UsageFailure.class)
                .hasMessage("berth: " + project.resolve("berth.yaml") + ": services.web.static.directory: "
                        + project.resolve("app/target/public") + " does not exist; the build makes it (for Notejam: ./mvnw -pl notejam package)");
    }

    /** The dev environment of a service whose static files are app/target/public under the project. */
    private static EnvironmentModel dev(Path project) {
        return BerthYaml.parse(project.resolve("berth.yaml"), new StringReader("""
                project: notes
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notes}
                    static: {directory: app/target/public}
                environments:
                  dev: {}
                """)).environment("dev").orElseThrow();
    }
}
