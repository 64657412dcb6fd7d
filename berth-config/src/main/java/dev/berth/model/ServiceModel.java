package dev.berth.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One service as it runs in one environment, with the environment's overrides merged in.
 *
 * @param name DNS-safe name, unique in the deployment
 * @param image where the image comes from
 * @param routing how the load balancer reaches it
 * @param capacity how big its tasks are and how many run
 * @param runtime where its containers run
 * @param uses what it uses beside its containers: its database, the cache, its bucket, secrets, other services
 */
public record ServiceModel(String name, ImageSource image, Routing routing, Capacity capacity, Runtime runtime, Uses uses) {

    public Optional<StaticFiles> assets() {
        return Optional.ofNullable(uses.staticFiles());
    }

    public Optional<DatabaseAccess> database() {
        return Optional.ofNullable(uses.database());
    }

    public Optional<CacheAccess> cache() {
        return Optional.ofNullable(uses.cache());
    }

    /** The variable holding a service's database secret whole (RDS's JSON). */
    public static final String DB_SECRET = "DB_SECRET";
    /** The variable holding the cache secret whole. */
    public static final String CACHE_SECRET = "CACHE_SECRET";

    /**
     * Every secret variable the service receives, in the order its task definition lists them: the database secret
     * whole and the fields berth.yaml maps from it, the same for the cache, then the shared secrets and its own. On AWS,
     * ECS injects each from Secrets Manager; {@code berth up} gives each the local value of the same secret and field.
     *
     * @param sharedSecrets the environment's shared secrets ({@link Services#sharedSecrets()})
     */
    public List<SecretVariable> secretVariables(List<String> sharedSecrets) {
        List<SecretVariable> variables = new ArrayList<>();
        database().ifPresent(database -> {
            variables.add(new SecretVariable(DB_SECRET, SecretVariable.Source.DATABASE, null));
            database.variables().forEach((name, field) -> variables.add(new SecretVariable(name, SecretVariable.Source.DATABASE, field)));
        });
        cache().ifPresent(cache -> {
            variables.add(new SecretVariable(CACHE_SECRET, SecretVariable.Source.CACHE, null));
            cache.variables().forEach((name, field) -> variables.add(new SecretVariable(name, SecretVariable.Source.CACHE, field)));
        });
        sharedSecrets.forEach(secret -> variables.add(new SecretVariable(Variables.variableName(secret), SecretVariable.Source.SHARED, secret)));
        uses.variables().secrets().forEach(secret ->
                variables.add(new SecretVariable(Variables.variableName(secret), SecretVariable.Source.DECLARED, secret)));
        return variables;
    }

    /**
     * One secret variable of a service.
     *
     * @param name the variable
     * @param source which secret it comes from
     * @param key the JSON field of the database or cache secret (null: the secret whole), or the declared secret's name
     */
    public record SecretVariable(String name, Source source, String key) {

        public enum Source {
            /** The service's database secret. */
            DATABASE,
            /** The environment's cache secret. */
            CACHE,
            /** A secret every service receives. */
            SHARED,
            /** One of the service's own declared secrets. */
            DECLARED
        }
    }

    /**
     * Files a build makes (content-hashed, so they never change under one name), uploaded by berth push to the
     * environment's assets bucket and served by CloudFront from there.
     *
     * @param directory the directory whose files are uploaded, keys their paths relative to it
     * @param pathPattern the CloudFront path pattern they are served under, such as {@code /static/*}
     */
    public record StaticFiles(Path directory, String pathPattern) {

        /** The bucket key prefix the pattern serves: {@code static/} for {@code /static/*}. */
        public String keyPrefix() {
            return pathPattern.substring(1, pathPattern.length() - 1);
        }
    }

    /** How requests reach a service. */
    public enum Reach {
        /** The environment's load balancer, by its path or as the default route. */
        ROUTED,
        /** Only the services that call it, through Cloud Map. */
        INTERNAL,
        /** A site's own distribution, which names the site in a header the load balancer routes by (or App Runner's endpoint). */
        FRONT_END
    }

    /** What answers the load balancer in the service's task. */
    public enum Proxy {
        /** The app itself. */
        NONE,
        /** An nginx container in front of the app, on {@link #NGINX_PORT}: the only port the load balancer reaches. */
        NGINX;

        /** The port nginx listens on in the task; the app listens on its own. */
        public static final int NGINX_PORT = 8088;
        /** What nginx's container reserves where containers reserve their own memory (ECS on EC2): it needs little. */
        public static final int NGINX_MEMORY_MIB = 64;

        /** The memory a task reserves beside the app's container. */
        public int memoryMiB() {
            return this == NGINX ? NGINX_MEMORY_MIB : 0;
        }
    }

    /**
     * @param port the port the app's container listens on
     * @param healthCheckPath the path the load balancer probes
     * @param pathPattern the path pattern routed here, or null for the default route (or none, when internal)
     * @param priority the listener rule's priority (path routes only): 10, 20, ... in file order
     * @param reach how requests reach it: the load balancer's path or default route, callers alone, or a site's distribution
     * @param proxy what answers the load balancer in the task
     */
    public record Routing(int port, String healthCheckPath, String pathPattern, int priority, Reach reach, Proxy proxy) {

        public Optional<String> path() {
            return Optional.ofNullable(pathPattern);
        }

        /** Reached only by the services that call it, through Cloud Map: no load-balancer route. */
        public boolean internal() {
            return reach == Reach.INTERNAL;
        }

        /** A site's front end ({@link Sites#frontEndOf}): reached through that site's own distribution, never by a path. */
        public boolean frontEnd() {
            return reach == Reach.FRONT_END;
        }

        public boolean isDefaultRoute() {
            return reach == Reach.ROUTED && pathPattern == null;
        }

        /** The port the load balancer reaches the task on: nginx's when it is in front, else the app's. */
        public int loadBalancerPort() {
            return proxy == Proxy.NGINX ? Proxy.NGINX_PORT : port;
        }
    }

    /**
     * @param size the size tier of each task
     * @param minTasks fewest running tasks (while awake)
     * @param maxTasks most running tasks
     * @param targets what autoscaling holds
     * @param idleAfter how long without a request puts the service to sleep (zero tasks), or null: never
     */
    public record Capacity(SizeTier size, int minTasks, int maxTasks, Targets targets, Duration idleAfter) {

        /** How long without a request puts the service to sleep, when it scales to zero. */
        public Optional<Duration> scaleToZero() {
            return Optional.ofNullable(idleAfter);
        }
    }

    /**
     * @param cpuPercent average CPU utilisation autoscaling holds
     * @param requestsPerTarget load balancer requests per task per minute autoscaling holds
     * @param memoryPercent average memory utilisation autoscaling holds
     */
    public record Targets(int cpuPercent, int requestsPerTarget, int memoryPercent) {
    }

    /**
     * @param staticFiles the files CloudFront serves for it from the environment's assets bucket, or null
     * @param database its own database and login role, or null
     * @param cache its access to the environment's cache, or null
     * @param bucket whether it has a bucket of its own for the files it stores ({@code BUCKET_NAME})
     * @param variables the plain settings and the secrets it receives as environment variables
     * @param calls the services it calls through Cloud Map, in file order
     */
    public record Uses(StaticFiles staticFiles, DatabaseAccess database, CacheAccess cache, boolean bucket, Variables variables,
            List<String> calls) {

        public Uses {
            calls = List.copyOf(calls);
        }
    }

    /**
     * A database and login role of the service's own on the environment's instance.
     *
     * @param databaseName the database's and the role's name
     * @param variables environment variables the app reads, each from a field of the database secret
     *     ({@link #SECRET_FIELDS}), by name
     */
    public record DatabaseAccess(String databaseName, Map<String, String> variables) {

        /** The fields of a service's database secret: RDS's shape, and connection strings no one assembles in plain text. */
        public static final List<String> SECRET_FIELDS = List.of("engine", "host", "port", "dbname", "username", "password",
                "url", "jdbc_url", "reader_host", "reader_url", "reader_jdbc_url");

        public DatabaseAccess {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /**
     * Access to the environment's cache.
     *
     * @param variables environment variables the app reads, each from a field of the cache secret ({@link #SECRET_FIELDS})
     */
    public record CacheAccess(Map<String, String> variables) {

        /** The fields of the cache secret. */
        public static final List<String> SECRET_FIELDS = List.of("host", "port", "token", "tls", "url");

        public CacheAccess {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /**
     * @param plain settings that are no secret, by variable name
     * @param secrets the service's own secrets by name ({@code project/env/service/NAME}), each received as
     *     {@link #variableName(String)}
     */
    public record Variables(Map<String, String> plain, List<String> secrets) {

        public static final Variables NONE = new Variables(Map.of(), List.of());

        public Variables {
            plain = Collections.unmodifiableMap(new LinkedHashMap<>(plain));
            secrets = List.copyOf(secrets);
        }

        /** A declared secret's variable: {@code stripe-key} is {@code STRIPE_KEY}. */
        public static String variableName(String secret) {
            return secret.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }
}
