package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of what services use (databases, cache, buckets, secrets, settings, calls), one row each. */
class ServiceDataValidationTest {

    /** Two services: web's name on line 4, its extra keys from line 6; api's extra keys follow its path. */
    private static String services(String web, String api, String tail) {
        return """
                project: shop
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: shop/web}
                """ + web + """
                  - name: api
                    image: {repository: shop/api}
                    path: /api/*
                """ + api + """
                environments:
                """ + tail;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("a plain setting named like a credential", services("    env: {STRIPE_API_KEY: sk_test_123}\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.env.STRIPE_API_KEY: looks like a credential, which must not be a plain setting (anyone"
                                + " who can read the task definition reads it): declare it under secrets, set it with berth secret set, and the"
                                + " service receives it as a secret variable"),
                row("a connection string holding a password", services("    env: {DATABASE_URL: \"postgres://shop:hunter2@db:5432/shop\"}\n", "",
                        "  dev: {}\n"),
                        "berth.yaml:6: services.web.env.DATABASE_URL: looks like a credential, which must not be a plain setting (anyone"
                                + " who can read the task definition reads it): declare it under secrets, set it with berth secret set, and the"
                                + " service receives it as a secret variable"),
                row("a variable Berth sets", services("    env: {DB_SECRET: x, AWS_REGION: eu-west-1}\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.env.DB_SECRET: 'DB_SECRET' is set by Berth, ECS or the AWS SDKs; choose another name",
                        "berth.yaml:6: services.web.env.AWS_REGION: 'AWS_REGION' is set by Berth, ECS or the AWS SDKs; choose another name"),
                row("a field the database secret does not have", services("    database: {env: {DATABASE_URL: uri}}\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.database.env.DATABASE_URL: expected a field of the secret (engine, host, port, dbname,"
                                + " username, password, url, jdbc_url, reader_host, reader_url, reader_jdbc_url); got 'uri' (did you mean 'url'?)"),
                row("a database name PostgreSQL keeps for itself", services("    database: {name: pg_shop}\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.database.name: names starting with pg_ are PostgreSQL's own; choose another"),
                row("a call to a service that does not exist", services("    calls: [apl]\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.calls: no service 'apl' in the file (did you mean 'api'?); expected one of web, api"),
                row("a call to itself", services("    calls: [web]\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.calls: a service reaches itself without a call through the network; remove 'web'"),
                row("an internal service with a path", services("", "    internal: true\n", "  dev: {}\n"),
                        "berth.yaml:8: services.api.path: an internal service has no load-balancer route; leave path out, or internal"),
                row("an internal service that sleeps", services("", "    idle_after: 30m\n", "  dev: {}\n").replace("    path: /api/*\n",
                        "    internal: true\n"),
                        "berth.yaml:9: services.api.idle_after: a sleeping service is woken by a request through the load balancer,"
                                + " and an internal service has no route there: leave idle_after out, or internal"),
                row("the cache without a cache in the environment", services("    cache: true\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.cache: the environment dev has no cache: set cache: redis (top-level, or in"
                                + " environments.dev)"),
                row("a service named as the shared secrets", services("", "", "  dev: {}\n").replace("name: api", "name: shared"),
                        "berth.yaml:6: services.shared.name: 'shared' names the secrets every service receives"
                                + " (project/ENV/shared/NAME); call the service otherwise"),
                row("one variable set twice", services("    secrets: [stripe-key]\n    env: {STRIPE_KEY: x1}\n", "", "  dev: {}\n"),
                        "berth.yaml:4: services.web: the variable STRIPE_KEY is set twice, by env and by secrets; each variable is set once"),
                row("a service secret that is also shared", "secrets: [stripe-key]\n" + services("    secrets: [stripe-key]\n", "", "  dev: {}\n"),
                        "berth.yaml:7: services.web.secrets: 'stripe-key' is also a shared secret (top-level secrets), which every service"
                                + " receives as STRIPE_KEY; name one of them otherwise",
                        "berth.yaml:5: services.web: the variable STRIPE_KEY is set twice, by secrets and by top-level secrets; each"
                                + " variable is set once"),
                row("failover without a replica", "cache: {nodes: 1}\n" + services("", "", "  prod: {}\n"),
                        "berth.yaml:1: cache.nodes: expected at least 2 with multi_az (a replica in another zone takes over when the"
                                + " primary fails); got 1"),
                row("replicas in the environment's own region", services("", "", "  prod: {replica_region: eu-central-1}\n"),
                        "berth.yaml:10: environments.prod.replica_region: expected another region than the environment's own"
                                + " (eu-central-1): a replica there survives no regional outage"),
                row("nginx's port taken by the app", services("    port: 8088\n    proxy: nginx\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.port: nginx listens on 8088 in the task, in front of the app: give the app"
                                + " another port"),
                row("nginx without a way to its image", services("    proxy: nginx\n", "", "  dev: {nat: none}\n"),
                        "berth.yaml:6: services.web.proxy: nginx's image comes from ECR Public, which the environment dev cannot"
                                + " reach without NAT (nat: none); use a NAT gateway, or leave proxy out"),
                row("a secret named as the database's", services("    secrets: [database]\n", "", "  dev: {}\n"),
                        "berth.yaml:6: services.web.secrets: 'database' names the secret of a service's own database"
                                + " (PROJECT/ENV/SERVICE/database); call this one otherwise"),
                row("too many read replicas", "database: {read_replicas: 9}\n" + services("", "", "  dev: {}\n"),
                        "berth.yaml:1: database.read_replicas: expected an integer from 0 to 5; got 9"));
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
