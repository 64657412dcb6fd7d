package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule as one row: a berth.yaml and exactly the problems it must produce, with their lines. */
class BerthYamlValidationTest {

    private static final String HEAD = """
            project: notejam
            region: eu-central-1
            services:
              - name: web
                image: {repository: notejam}
            environments:
            """;

    /** The head above (six lines) plus environments: line 7 is the first environment. */
    private static String environments(String yaml) {
        return HEAD + yaml;
    }

    private static String environmentKeys() {
        return String.join(", ", Key.names(Sections.keys(Sections.create(), Scope.ENVIRONMENT)));
    }

    private static String topKeys() {
        return String.join(", ", Key.names(Sections.keys(Sections.create(), Scope.FILE)));
    }

    static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> BerthYaml.parse(Path.of("berth.yaml"), new StringReader(yaml)));
        assertThat(e).as("expected berth.yaml to be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("unknown key with a did-you-mean", environments("  dev:\n    natt: single\n"),
                        "berth.yaml:8: environments.dev.natt: unknown key (did you mean 'nat'?); expected one of " + environmentKeys()),
                row("a cost assumption out of range", environments("  dev:\n    cost: {active_hours: 800, data_out: 3}\n"),
                        "berth.yaml:8: environments.dev.cost.data_out: unknown key; expected one of"
                                + " requests_per_month, data_out_gb, nat_gb, log_gb, storage_gb, active_hours, release_minutes",
                        "berth.yaml:8: environments.dev.cost.active_hours: expected an integer from 0 to 730; got 800"),
                row("a profile for berth up's environment", environments("  dev: {}\n  local:\n    profile: prod\n"),
                        "berth.yaml:9: environments.local.profile: local is the environment berth up runs, whose profile is local;"
                                + " remove profile here"),
                row("a cloud environment with berth up's profile", environments("  staging:\n    profile: local\n"),
                        "berth.yaml:8: environments.staging.profile: expected one of dev, prod; got 'local'"),
                row("unknown top-level key", "project: notejam\nregoin: eu-central-1\n" + HEAD.substring(HEAD.indexOf("services:")) + "  dev: {}\n",
                        "berth.yaml:2: regoin: unknown key (did you mean 'region'?); expected one of " + topKeys(),
                        "berth.yaml:1: region: is required"),
                row("region that does not exist, with a did-you-mean", HEAD.replace("eu-central-1", "eu-centrl-1") + "  dev: {}\n",
                        "berth.yaml:2: region: expected an AWS region such as eu-central-1; got 'eu-centrl-1' (did you mean 'eu-central-1'?)"),
                row("region shaped right but unknown", HEAD.replace("eu-central-1", "narnia-1") + "  dev: {}\n",
                        "berth.yaml:2: region: expected an AWS region such as eu-central-1; got 'narnia-1', which is not a region Berth knows"),
                row("integer of the wrong type", environments("  dev:\n    azs: two\n"),
                        "berth.yaml:8: environments.dev.azs: expected an integer from 2 to 3; got 'two'"),
                row("integer written as a string", HEAD.replace("{repository: notejam}\n", "{repository: notejam}\n    port: \"8080\"\n") + "  dev: {}\n",
                        "berth.yaml:6: services.web.port: expected an integer from 1 to 65535; got '8080', a string: remove the quotes"),
                row("boolean of the wrong type", environments("  dev:\n    allow_http: maybe\n"),
                        "berth.yaml:8: environments.dev.allow_http: expected true or false; got 'maybe'"),
                row("boolean written as a string", environments("  dev:\n    allow_http: 'true'\n"),
                        "berth.yaml:8: environments.dev.allow_http: expected true or false; got 'true', a string: remove the quotes"),
                row("mapping of the wrong type", environments("  dev: [a, b]\n"),
                        "berth.yaml:7: environments.dev: expected a mapping of " + environmentKeys() + "; got a list"),
                row("word outside the choices", environments("  prod:\n    domain: notes.example.com\n    nat: two\n"),
                        "berth.yaml:9: environments.prod.nat: expected one of none, single, per-az; got 'two'"),
                row("malformed CIDR", environments("  dev:\n    cidr: 10.0.0/16\n"),
                        "berth.yaml:8: environments.dev.cidr: expected an IPv4 CIDR like 10.0.0.0/16; got '10.0.0/16'"),
                row("CIDR with host bits", environments("  dev:\n    cidr: 10.0.3.0/16\n"),
                        "berth.yaml:8: environments.dev.cidr: host bits are set in '10.0.3.0/16'; did you mean 10.0.0.0/16?"),
                row("CIDR too small for the subnets", environments("  dev:\n    cidr: 10.0.0.0/26\n"),
                        "berth.yaml:8: environments.dev.cidr: expected a prefix from /16 to /24 (a VPC holds /16 to /28, and its"
                                + " nine subnets are 1/16 of it each); got /26"),
                row("public CIDR", environments("  dev:\n    cidr: 8.8.0.0/16\n"),
                        "berth.yaml:8: environments.dev.cidr: expected a private range (10.0.0.0/8, 172.16.0.0/12 or"
                                + " 192.168.0.0/16); got '8.8.0.0/16'"),
                row("overlapping CIDRs in one account", environments("""
                          dev:
                            account: "111122223333"
                            cidr: 10.0.0.0/16
                          prod:
                            account: "111122223333"
                            domain: notes.example.com
                            cidr: 10.0.128.0/17
                        """),
                        "berth.yaml:13: environments.prod.cidr: overlaps environments.dev.cidr (10.0.0.0/16 and 10.0.128.0/17)"
                                + " in the same account 111122223333; give each environment its own range"),
                row("unknown size tier", HEAD.replace("{repository: notejam}\n", "{repository: notejam}\n    size: huge\n") + "  dev: {}\n",
                        "berth.yaml:6: services.web.size: expected one of micro, small, medium, large; got 'huge'"),
                row("min above max", HEAD.replace("{repository: notejam}\n", "{repository: notejam}\n    min: 5\n    max: 2\n") + "  dev: {}\n",
                        "berth.yaml:6: services.web.min: expected min <= max; got min 5 > max 2"),
                row("min above max through an environment's override", environments("  dev:\n    services:\n      web: {min: 3, max: 2}\n"),
                        "berth.yaml:9: environments.dev.services.web.min: expected min <= max; got min 3 > max 2"),
                row("override of a service the file does not have", environments("  dev:\n    services:\n      wbe: {min: 0}\n"),
                        "berth.yaml:9: environments.dev.services.wbe: no service 'wbe' in the file (did you mean 'web'?); expected one of web"),
                row("override of a key that cannot differ per environment", environments("  dev:\n    services:\n      web: {port: 9000}\n"),
                        "berth.yaml:9: environments.dev.services.web.port: unknown key; expected one of runtime, size, min, max, scaling, idle_after, env"),
                row("environment that serves nothing", environments("  dev:\n    allow_http: false\n    edge: {cdn: false}\n"),
                        "berth.yaml:8: environments.dev: serves nothing: without a domain or a CDN there is no HTTPS listener and"
                                + " allow_http is false; set domain (with an optional certificate), edge.cdn: true or allow_http: true"),
                row("prod without a domain or a CDN serves nothing", environments("  prod: {edge: {cdn: false}}\n"),
                        "berth.yaml:7: environments.prod: serves nothing: without a domain or a CDN there is no HTTPS listener and"
                                + " allow_http is false; set domain (with an optional certificate), edge.cdn: true or allow_http: true"),
                row("a hosted zone without a domain", environments("  dev: {edge: {hosted_zone: Z0123456789ABC}}\n"),
                        "berth.yaml:7: environments.dev.edge.hosted_zone: needs a domain: the zone holds the environment's domain"
                                + " and its certificates' validation records"),
                row("a hosted zone that is no zone id", environments("  dev: {domain: notes.example.com, edge: {hosted_zone: example.com}}\n"),
                        "berth.yaml:7: environments.dev.edge.hosted_zone: expected a Route 53 hosted zone id such as"
                                + " Z0123456789ABCDEFGHIJ; got 'example.com'"),
                row("a rate limit WAF does not take", environments("  dev:\n    edge:\n      rate_limit: 10\n"),
                        "berth.yaml:9: environments.dev.edge.rate_limit: expected an integer from 100 to 2000000000; got 10"),
                row("an unknown price class", environments("  dev:\n    edge: {price_class: cheapest}\n"),
                        "berth.yaml:8: environments.dev.edge.price_class: expected one of 100, 200, all; got 'cheapest'"),
                row("an unknown edge key", environments("  dev:\n    edge: {cdn: true, firewall: true}\n"),
                        "berth.yaml:8: environments.dev.edge.firewall: unknown key; expected one of cdn, waf, rate_limit,"
                                + " price_class, hosted_zone"),
                row("static files without their directory", HEAD.replace("{repository: notejam}", "{repository: notejam}\n    static: {path: /assets/*}")
                        + "  dev: {}\n", "berth.yaml:6: services.web.static.directory: is required"),
                row("a static path that is no directory pattern", HEAD.replace("{repository: notejam}",
                        "{repository: notejam}\n    static: {directory: public, path: /static}") + "  dev: {}\n",
                        "berth.yaml:6: services.web.static.path: expected a path pattern of one or more directories ending in /*,"
                                + " such as /static/*; got '/static'"),
                row("a site without its directory", HEAD + "  dev: {}\nsites:\n  - name: docs\n",
                        "berth.yaml:9: sites.docs: expected directory (a single-page site's built files) or service (the service"
                                + " that renders the site)"),
                row("a site domain override for a site the file does not have", HEAD + "  dev:\n    sites:\n      dcos: {domain: docs.example.com}\n"
                        + "sites:\n  - {name: docs, directory: site}\n",
                        "berth.yaml:9: environments.dev.sites.dcos: no site 'dcos' in the file (did you mean 'docs'?); expected one of docs"),
                row("two environments serving a site at one domain", HEAD + "  dev: {}\n  prod: {domain: notes.example.com}\n"
                        + "sites:\n  - {name: docs, directory: site, domain: docs.example.com}\n",
                        "berth.yaml:10: environments.prod.sites.docs.domain: environments dev and prod both serve site docs at"
                                + " docs.example.com; give this environment its own domain for it"),
                row("no NAT without interface endpoints", environments("  dev:\n    nat: none\n    interface_endpoints: false\n"),
                        "berth.yaml:9: environments.dev.interface_endpoints: must be true with nat: none: without NAT, tasks"
                                + " reach ECR, CloudWatch Logs and Secrets Manager only through interface endpoints"),
                row("duplicate service names", HEAD.replace("environments:\n",
                                "  - name: web\n    image: {repository: other}\n    path: /api/*\nenvironments:\n") + "  dev: {}\n",
                        "berth.yaml:6: services.web.name: duplicate service name 'web' (first at line 4)"),
                row("port out of range", HEAD.replace("{repository: notejam}\n", "{repository: notejam}\n    port: 70000\n") + "  dev: {}\n",
                        "berth.yaml:6: services.web.port: expected an integer from 1 to 65535; got 70000"),
                row("duplicate key", environments("  dev:\n    nat: single\n    nat: none\n"),
                        "berth.yaml:9: environments.dev.nat: duplicate key (first at line 8)"),
                row("missing required keys", "project: notejam\n",
                        "berth.yaml:1: region: is required", "berth.yaml:1: services: is required",
                        "berth.yaml:1: environments: is required"),
                row("environment of another name needs a profile", environments("  staging: {allow_http: true}\n"),
                        "berth.yaml:7: environments.staging.profile: is required for an environment not named dev or prod;"
                                + " expected one of dev, prod"),
                row("delivery without its repository", HEAD + "  dev: {}\ndelivery: {branch: main}\n",
                        "berth.yaml:8: delivery.github: is required"),
                row("delivery from something that is not a GitHub repository", HEAD + "  dev: {}\ndelivery: {github: notejam}\n",
                        "berth.yaml:8: delivery.github: expected a GitHub repository as OWNER/NAME; got 'notejam'"),
                row("codepipeline without its connection", HEAD + "  dev: {}\ndelivery: {github: acme/notes, pipeline: codepipeline}\n",
                        "berth.yaml:8: delivery: pipeline: codepipeline needs connection: the ARN of a CodeConnections connection to"
                                + " acme/notes (made once in the console, where GitHub approves it)"),
                row("a connection GitHub Actions does not use", HEAD + "  dev: {}\ndelivery: {github: acme/notes, connection:"
                        + " 'arn:aws:codeconnections:eu-central-1:123456789012:connection/abc-123'}\n",
                        "berth.yaml:8: delivery.connection: only applies with pipeline: codepipeline"),
                row("an unknown pipeline", HEAD + "  dev: {}\ndelivery: {github: acme/notes, pipeline: jenkins}\n",
                        "berth.yaml:8: delivery.pipeline: expected github-actions or codepipeline; got 'jenkins'"),
                row("blue/green without the pipeline whose stage runs it", HEAD + "  dev: {deployment: blue-green}\n",
                        "berth.yaml:7: environments.dev.deployment: blue-green deploys through CodePipeline's CodeDeploy stage:"
                                + " set delivery.pipeline: codepipeline (with its connection)"),
                row("an unknown deployment", HEAD + "  dev: {deployment: canary}\n",
                        "berth.yaml:7: environments.dev.deployment: expected rolling or blue-green; got 'canary'"),
                row("an alert address that is none", HEAD + "  dev: {}\nalerts: {email: [ops@example.com, oncall]}\n",
                        "berth.yaml:8: alerts.email[1]: expected an e-mail address; got 'oncall'"),
                row("a memory target autoscaling cannot hold", HEAD.replace("{repository: notejam}", "{repository: notejam}\n    scaling: {memory: 99}")
                        + "  dev: {}\n", "berth.yaml:6: services.web.scaling.memory: expected an integer from 10 to 95; got 99"),
                row("an idle time that is no time", HEAD.replace("{repository: notejam}", "{repository: notejam}\n    idle_after: 30")
                        + "  dev: {}\n", "berth.yaml:6: services.web.idle_after: expected a time such as 30m or 2h (minutes or hours); got '30'"),
                row("an idle time that would sleep between clicks", HEAD + "  dev:\n    services:\n      web: {idle_after: 2m}\n",
                        "berth.yaml:9: environments.dev.services.web.idle_after: expected 5m to 24h (a shorter time puts the service to"
                                + " sleep between one user's clicks; CloudWatch watches at most a day); got 2m"),
                row("an idle time beyond what an alarm watches", HEAD.replace("{repository: notejam}", "{repository: notejam}\n    idle_after: 25h")
                        + "  dev: {}\n", "berth.yaml:6: services.web.idle_after: expected 5m to 24h (a shorter time puts the service to"
                                + " sleep between one user's clicks; CloudWatch watches at most a day); got 25h"),
                row("scale-to-zero beside blue/green, which switch the same rule", HEAD + "  prod:\n    deployment: blue-green\n"
                        + "    services:\n      web: {idle_after: 30m}\ndelivery: {github: acme/notes, pipeline: codepipeline, connection:"
                        + " 'arn:aws:codeconnections:eu-central-1:123456789012:connection/abc-123'}\n",
                        "berth.yaml:10: environments.prod.services.web.idle_after: scale-to-zero switches the service's listener rule,"
                                + " and so do blue-green deployments: use deployment: rolling, or leave idle_after out"),
                row("awake hours that are none", HEAD + "  dev: {schedule: {awake: weekdays}}\n",
                        "berth.yaml:7: environments.dev.schedule.awake: expected always, or days and hours such as Mon-Fri 07:00-20:00"
                                + " (days Mon..Sun, ranges and lists; wake before sleep); got 'weekdays'"),
                row("sleeping before waking", HEAD + "  dev: {schedule: {awake: Mon-Fri 20:00-07:00}}\n",
                        "berth.yaml:7: environments.dev.schedule.awake: expected always, or days and hours such as Mon-Fri 07:00-20:00"
                                + " (days Mon..Sun, ranges and lists; wake before sleep); got 'Mon-Fri 20:00-07:00'"),
                row("a time zone that is none", HEAD + "  dev: {schedule: {timezone: Mars/Olympus}}\n",
                        "berth.yaml:7: environments.dev.schedule.timezone: expected an IANA time zone such as Europe/Berlin or UTC;"
                                + " got 'Mars/Olympus'"),
                row("a schedule that would stop a Multi-AZ database", HEAD + "  dev: {multi_az: true}\n",
                        "berth.yaml:7: environments.dev.schedule.awake: a Multi-AZ database cannot be stopped, and the schedule stops it"
                                + " out of hours: set multi_az: false, or awake: always"),
                row("approval that is not a bool", HEAD + "  dev: {approval: sometimes}\n",
                        "berth.yaml:7: environments.dev.approval: expected true or false; got 'sometimes'"),
                row("image with neither a build nor a repository", HEAD.replace("{repository: notejam}", "{dockerfile: Dockerfile}")
                        + "  dev: {}\n", "berth.yaml:5: services.web.image: expected build (a Docker context directory),"
                                + " repository (an existing ECR repository), or both"),
                row("build context that does not exist", HEAD.replace("{repository: notejam}", "{build: no-such-directory}") + "  dev: {}\n",
                        "berth.yaml:5: services.web.image.build: expected a directory (relative to berth.yaml); 'no-such-directory'"
                                + " does not exist"),
                row("two services on the default route", HEAD.replace("environments:\n",
                                "  - name: api\n    image: {repository: api}\nenvironments:\n") + "  dev: {}\n",
                        "berth.yaml:6: services.api: only one service can take the default route; give this one a path"
                                + " (such as /api/*) or give one to the service at line 4"),
                row("certificate without a domain", environments("  dev:\n    certificate: arn:aws:acm:eu-central-1:111122223333:certificate/abc-123\n"),
                        "berth.yaml:8: environments.dev.certificate: needs a domain: the certificate is served for the"
                                + " environment's domain"),
                row("every problem at once", """
                        project: Notejam
                        region: eu-central-1
                        services:
                          - name: web
                            image: {repository: notejam}
                            port: 0
                        environments:
                          dev:
                            nat: two
                            azs: 4
                        """,
                        "berth.yaml:1: project: expected a lowercase name of letters, digits and '-', starting with a letter,"
                                + " at most 20 characters; got 'Notejam'",
                        "berth.yaml:6: services.web.port: expected an integer from 1 to 65535; got 0",
                        "berth.yaml:9: environments.dev.nat: expected one of none, single, per-az; got 'two'",
                        "berth.yaml:10: environments.dev.azs: expected an integer from 2 to 3; got 4"),
                row("availability zones of another region", environments("  dev:\n    availability_zones: [eu-central-1a, eu-west-1b]\n"),
                        "berth.yaml:8: environments.dev.availability_zones: expected a zone of eu-central-1 such as"
                                + " eu-central-1a; got 'eu-west-1b'"),
                row("availability zones fewer than azs", environments("  dev:\n    azs: 3\n    availability_zones: [eu-central-1a, eu-central-1b]\n"),
                        "berth.yaml:9: environments.dev.availability_zones: names 2 zones but azs is 3; give as many zones as"
                                + " azs, or leave azs out"),
                row("availability zone named twice", environments("  dev:\n    availability_zones: [eu-central-1a, eu-central-1a]\n"),
                        "berth.yaml:8: environments.dev.availability_zones: names eu-central-1a twice"),
                row("empty file", "# nothing here\n",
                        "berth.yaml: the file is empty; expected a mapping with " + topKeys()),
                row("environment setting indented one level short", environments("  dev: {}\n  prod:\n  domain: notes.example.com\n"),
                        "berth.yaml:9: environments.domain: 'domain' is an environment setting, not an environment: indent it"
                                + " (and the settings after it) under prod (line 8)"),
                row("environment setting at the top of the file", HEAD.replace("environments:\n", "nat: none\nenvironments:\n") + "  dev: {}\n",
                        "berth.yaml:6: nat: is not a key here: 'nat' belongs in an environment (environments.NAME); check its indentation"),
                row("top-level key inside an environment", environments("  dev:\n    region: eu-west-1\n"),
                        "berth.yaml:8: environments.dev.region: is not a key here: 'region' belongs at the top of the file;"
                                + " check its indentation"),
                row("service paths use the service's name", HEAD.replace("{repository: notejam}\n", "{repository: notejam}\n    helth_check: /health\n") + "  dev: {}\n",
                        "berth.yaml:6: services.web.helth_check: unknown key (did you mean 'health_check'?); expected one of"
                                + " name, image, runtime, port, health_check, size, min, max, scaling, idle_after, path, static, internal, proxy, database, cache, bucket,"
                                + " secrets, env, calls"),
                row("a service without a name is known by its place", HEAD.replace("  - name: web\n", "  - image: {repository: x}\n    path: /x/*\n  - name: web\n") + "  dev: {}\n",
                        "berth.yaml:4: services[0].name: is required"),
                row("log retention CloudWatch does not accept", environments("  dev:\n    log_retention_days: 10\n"),
                        "berth.yaml:8: environments.dev.log_retention_days: expected a period CloudWatch Logs accepts (1, 3, 5,"
                                + " 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got 10"));
    }

    private static Arguments row(String rule, String yaml, String... expected) {
        return Arguments.of(rule, yaml, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithExactlyTheseProblems(String rule, String yaml, List<String> expected) {
        assertThat(problems(yaml)).containsExactlyElementsOf(expected);
    }
}
