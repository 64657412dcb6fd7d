package dev.berth.functions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The services a function manages, read from the environment variable {@value #SERVICES}: the services of one
 * environment, never another's. The variable holds one entry per service, separated by {@code ;}, each a list of
 * {@code key=value} fields separated by {@code ,} (whitespace around separators is ignored):
 *
 * <pre>
 * cluster=notejam-dev,service=notejam-dev-web,min=1,max=4,
 * listener=arn:aws:elasticloadbalancing:…:listener/app/…,target-group=arn:aws:elasticloadbalancing:…:targetgroup/…,
 * idle-alarm=notejam-dev-web-idle
 * </pre>
 *
 * {@code resource} (the scalable target's resource id) may be given; it must then be {@code service/CLUSTER/SERVICE},
 * which is also its value when left out. Every problem is reported with the variable's name and the entry.
 */
public record ServiceConfig(List<ManagedService> services) {

    public static final String SERVICES = "BERTH_SERVICES";

    static final List<String> REQUIRED = List.of("cluster", "service", "min", "max", "listener", "target-group", "idle-alarm");
    static final List<String> OPTIONAL = List.of("resource");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern LISTENER_ARN = Pattern.compile("arn:[a-z-]+:elasticloadbalancing:[a-z0-9-]+:\\d{12}:listener/app/\\S+");
    private static final Pattern TARGET_GROUP_ARN = Pattern.compile("arn:[a-z-]+:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/\\S+");
    /** CloudWatch alarm names: up to 255 printable characters; the separators of this format are not allowed. */
    private static final Predicate<String> ALARM_NAME = Pattern.compile("[^,;\\p{Cntrl}]{1,255}").asMatchPredicate();

    public ServiceConfig {
        services = List.copyOf(services);
    }

    /** Reads {@value #SERVICES} from the given environment (the process's: {@code System.getenv()}). */
    public static ServiceConfig fromEnvironment(Map<String, String> environment) {
        String value = environment.get(SERVICES);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(SERVICES, "not set; expected one entry per service, separated by ';', of "
                    + String.join("=…,", REQUIRED) + "=…");
        }
        return parse(value);
    }

    /** Parses the value of {@value #SERVICES}. */
    public static ServiceConfig parse(String value) {
        List<ManagedService> services = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String[] entries = value.split(";", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                if (i == entries.length - 1 && i > 0) {
                    continue; // a trailing ';'
                }
                throw problem(i, null, "is empty");
            }
            ManagedService service = entry(i, entry);
            if (!seen.add(service.label())) {
                throw problem(i, service.service(), "names cluster " + service.cluster() + " and service "
                        + service.service() + " a second time");
            }
            services.add(service);
        }
        return new ServiceConfig(services);
    }

    /** The services whose idle alarm is the named one (several services may share one alarm). */
    public List<ManagedService> idleAlarmed(String alarmName) {
        return services.stream().filter(service -> service.idleAlarm().equals(alarmName)).toList();
    }

    private static ManagedService entry(int index, String entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : entry.split(",", -1)) {
            String pair = field.strip();
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw problem(index, fields.get("service"), "expected key=value; got '" + pair + "'");
            }
            String key = pair.substring(0, equals).strip();
            String fieldValue = pair.substring(equals + 1).strip();
            if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
                throw problem(index, fields.get("service"), "unknown key '" + key + "'; expected "
                        + String.join(", ", REQUIRED) + " and optionally " + String.join(", ", OPTIONAL));
            }
            if (fields.putIfAbsent(key, fieldValue) != null) {
                throw problem(index, fields.get("service"), "'" + key + "' given twice");
            }
        }
        String name = fields.get("service");
        List<String> missing = REQUIRED.stream().filter(key -> !fields.containsKey(key)).toList();
        if (!missing.isEmpty()) {
            throw problem(index, name, "missing " + String.join(", ", missing));
        }
        String cluster = matching(index, name, fields, "cluster", NAME.asMatchPredicate(), "an ECS cluster name");
        String service = matching(index, name, fields, "service", NAME.asMatchPredicate(), "an ECS service name");
        String resourceId = "service/" + cluster + "/" + service;
        if (fields.containsKey("resource") && !fields.get("resource").equals(resourceId)) {
            throw problem(index, name, "resource: expected " + resourceId + " (the scalable target of this cluster and"
                    + " service); got '" + fields.get("resource") + "'");
        }
        int min = count(index, name, fields, "min");
        int max = count(index, name, fields, "max");
        if (max < 1) {
            throw problem(index, name, "max: expected at least 1 (the capacity when awake); got " + max);
        }
        if (min > max) {
            throw problem(index, name, "min: expected at most max (" + max + "); got " + min);
        }
        String listener = matching(index, name, fields, "listener", LISTENER_ARN.asMatchPredicate(), "an application load balancer listener ARN");
        String targetGroup = matching(index, name, fields, "target-group", TARGET_GROUP_ARN.asMatchPredicate(), "a target group ARN");
        String alarm = matching(index, name, fields, "idle-alarm", ALARM_NAME, "a CloudWatch alarm name");
        return new ManagedService(cluster, service, new ManagedService.Capacity(resourceId, min, max),
                new ManagedService.Routing(listener, targetGroup), alarm);
    }

    private static String matching(int index, String name, Map<String, String> fields, String key,
            Predicate<String> valid, String expected) {
        String value = fields.get(key);
        if (!valid.test(value)) {
            throw problem(index, name, key + ": expected " + expected + "; got '" + value + "'");
        }
        return value;
    }

    private static int count(int index, String name, Map<String, String> fields, String key) {
        String value = fields.get(key);
        try {
            int count = Integer.parseInt(value);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw problem(index, name, key + ": expected a whole number of tasks, 0 or more; got '" + value + "'");
    }

    private static ConfigurationException problem(int index, String service, String problem) {
        String where = "entry " + (index + 1) + (service == null || service.isEmpty() ? "" : " (service " + service + ")");
        return new ConfigurationException(SERVICES, where + ": " + problem);
    }
}
