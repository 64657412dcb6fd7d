package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import dev.berth.model.Sites;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sites rendered by a service (seed 003's server-rendered front end): the site, its service, and where it may run. */
class FrontEndValidationTest {

    /** api (the default route) at lines 4-5, web (its extra keys from line 8), then the sites and the rest. */
    private static String file(String web, String sites, String tail) {
        return """
                project: shop
                region: eu-central-1
                services:
                  - name: api
                    image: {repository: shop/api}
                  - name: web
                    image: {repository: shop/web}
                """ + web + "sites:\n" + sites + tail;
    }

    private static final String SITE = "  - {name: app, service: web}\n";
    private static final String DEV = "environments:\n  dev: {}\n";

    private static BerthConfig config(String yaml) {
        return BerthYaml.parse(Path.of("berth.yaml"), new StringReader(yaml));
    }

    @Test
    void aSitesServiceIsItsFrontEndNotTheDefaultRouteAndHasNoPath() {
        EnvironmentModel dev = config(file("", SITE, DEV)).environment("dev").orElseThrow();
        ServiceModel web = dev.services().named("web").orElseThrow();
        assertThat(web.routing().frontEnd()).isTrue();
        assertThat(web.routing().isDefaultRoute()).isFalse();
        assertThat(web.routing().path()).isEmpty();
        assertThat(dev.services().named("api").orElseThrow().routing().isDefaultRoute()).isTrue();
        Sites sites = dev.part(Sites.class);
        assertThat(sites.all()).as("no single-page site").isEmpty();
        assertThat(sites.rendered()).containsExactly(new Sites.Rendered("app", "web", null));
        assertThat(sites.frontEndOf("web")).contains(new Sites.Rendered("app", "web", null));
        assertThat(web.runtime()).as("the dev profile's: Fargate").isInstanceOf(Runtime.Fargate.class);
    }

    @Test
    void appRunnerIsARuntimeOfAFrontEndWithAWarningThatAwsClosedItToNewCustomers() {
        BerthConfig config = config(file("    runtime: apprunner\n", SITE, DEV));
        assertThat(config.environment("dev").orElseThrow().services().named("web").orElseThrow().runtime())
                .isEqualTo(Runtime.AppRunner.INSTANCE);
        assertThat(config.warnings()).extracting(Problem::toString).containsExactly("berth.yaml:8: services.web.runtime: web runs on"
                + " apprunner: AWS closed App Runner to new customers on 30 April 2026 (accounts that used it keep it); in an account"
                + " without it the deploy fails: run the front end on fargate, Berth's default"
                + " (docs/compute.md#server-rendered-front-ends)");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("an unknown service", file("", "  - {name: app, service: wbe}\n", DEV),
                        "berth.yaml:6: services.web: only one service can take the default route; give this one a path (such as"
                                + " /api/*) or give one to the service at line 4",
                        "berth.yaml:9: sites.app.service: no service 'wbe' in the file (did you mean 'web'?); expected one of api, web"),
                row("both a directory and a service", file("", "  - {name: app, service: web, directory: site}\n", DEV),
                        "berth.yaml:9: sites.app.service: a site is either a single-page site (directory) or rendered by a service"
                                + " (service), not both; leave one out"),
                row("neither a directory nor a service", file("", "  - {name: app}\n", DEV),
                        "berth.yaml:6: services.web: only one service can take the default route; give this one a path (such as"
                                + " /api/*) or give one to the service at line 4",
                        "berth.yaml:9: sites.app: expected directory (a single-page site's built files) or service (the service"
                                + " that renders the site)"),
                row("an internal service", file("    internal: true\n", SITE, DEV),
                        "berth.yaml:10: sites.app.service: web is internal (no route from outside); a site's front end is reached"
                                + " through the site's distribution: leave internal out"),
                row("one service rendering two sites", file("", SITE + "  - {name: shop, service: web}\n", DEV),
                        "berth.yaml:10: sites.shop.service: web already renders site app; a service is one site's front end: give"
                                + " this site a service of its own"),
                row("a front end with a path", file("    path: /app/*\n", SITE, DEV),
                        "berth.yaml:8: services.web.path: the front end of site app takes every path of its own distribution (the"
                                + " load balancer routes it by the site's header, not a path); leave path out"),
                row("a front end with static files for the environment's distribution", file("    static: {directory: out}\n", SITE, DEV),
                        "berth.yaml:8: services.web.static: the front end of site app serves its own static files through the"
                                + " site's distribution (the assets bucket serves the environment's distribution alone); leave static"
                                + " out"),
                row("a front end is not the default route", file("", SITE, DEV).replace("    image: {repository: shop/api}\n",
                                "    image: {repository: shop/api}\n    path: /api/*\n"),
                        "berth.yaml:4: services: one service that is not internal must have no path: it takes the requests no"
                                + " path pattern matches"),
                row("no CDN", file("", SITE, "environments:\n  dev: {edge: {cdn: false}, allow_http: true}\n"),
                        "berth.yaml:9: sites.app.service: site app is rendered by web, which its distribution reaches with the"
                                + " origin header, and the environment dev has none without a CDN: leave edge.cdn on (true) there"),
                row("no domain of its own behind an HTTPS load balancer", file("", SITE, "environments:\n  prod: {domain: api.shop.example.com}\n"),
                        "berth.yaml:9: sites.app.service: site app is rendered by web behind the load balancer, which serves HTTPS"
                                + " in prod: CloudFront forwards the site's domain as the Host the load balancer's certificate must"
                                + " match, so give the site a domain there (environments.prod.sites.app.domain)"),
                row("a front end on Kubernetes", file("    runtime: kubernetes\n", SITE, DEV),
                        "berth.yaml:8: services.web.runtime: web runs on kubernetes in dev: a site's front end is reached through"
                                + " the load balancer's rule for its site header, which forwards to an ECS target group; run it on"
                                + " fargate, fargate_spot, ec2 or apprunner"),
                row("App Runner for a service that is no front end", file("", SITE, DEV).replace("    image: {repository: shop/api}\n",
                                "    image: {repository: shop/api}\n    runtime: apprunner\n"),
                        "berth.yaml:6: services.api.runtime: api runs on apprunner in dev: App Runner is not behind the load"
                                + " balancer (no target group, no listener rule with the origin header check), so only a site's front"
                                + " end runs there, behind its own distribution; run it on fargate, or make it a site's service"),
                row("App Runner without the firewall that checks its origin header", file("    runtime: apprunner\n", SITE,
                                "environments:\n  dev: {edge: {waf: false}}\n"),
                        "berth.yaml:8: services.web.runtime: web runs on apprunner in dev: App Runner cannot check the origin header"
                                + " itself: the regional web ACL on it does, so leave edge.waf on (true)"),
                row("what App Runner does not give", file("    runtime: apprunner\n    proxy: nginx\n    idle_after: 30m\n    max: 30\n"
                                + "    database: {env: {DB_HOST: host}}\n", SITE, DEV).replace("    image: {repository: shop/api}\n",
                                "    image: {repository: shop/api}\n    calls: [web]\n"),
                        "berth.yaml:9: services.web.runtime: web runs on apprunner in dev: an App Runner service runs one container,"
                                + " and App Runner's own front stands before it; leave proxy out",
                        "berth.yaml:9: services.web.runtime: web runs on apprunner in dev: scale-to-zero wakes ECS services behind"
                                + " the load balancer; App Runner keeps its own idle instances (leave idle_after out)",
                        "berth.yaml:9: services.web.runtime: web runs on apprunner in dev: App Runner runs at most 25 instances of"
                                + " a service; got max 30",
                        "berth.yaml:9: services.web.runtime: web runs on apprunner in dev: App Runner's API takes a secret whole,"
                                + " by its ARN, and documents no way to one JSON field of it; read the fields from DB_SECRET or"
                                + " CACHE_SECRET and leave their env mappings out",
                        "berth.yaml:9: services.web.runtime: web runs on apprunner in dev: api calls it, and an App Runner service"
                                + " is not in the VPC (no web.shop.local): only its site's distribution reaches it"));
    }

    private static Arguments row(String rule, String yaml, String... expected) {
        return Arguments.of(rule, yaml, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithExactlyTheseProblems(String rule, String yaml, List<String> expected) {
        assertThat(BerthYamlValidationTest.problems(yaml)).containsExactlyElementsOf(expected);
    }
}
