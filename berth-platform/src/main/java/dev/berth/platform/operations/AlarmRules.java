package dev.berth.platform.operations;

import java.util.List;

/**
 * The alarms of an environment as data, defined once: the constructs build them from these rules and the docs list
 * them. Every rule treats missing data as not breaching: a service asleep on purpose (the schedule, scale-to-zero)
 * or a stopped database reports nothing, which is no reason to wake anyone.
 */
public final class AlarmRules {

    /**
     * One alarm.
     *
     * @param name the alarm's name after the environment's and its subject's (service, load balancer, database)
     * @param threshold the value that breaches
     * @param above whether values above the threshold breach (else below)
     * @param periodSeconds the metric's period
     * @param periods how many periods in a row must breach
     * @param why what it means when it fires
     */
    public record Rule(String name, double threshold, boolean above, int periodSeconds, int periods, String why) {

        public int minutes() {
            return periodSeconds * periods / 60;
        }
    }

    public static final Rule SERVICE_CPU = new Rule("cpu-high", 85, true, 60, 10,
            "tasks have run above 85 % CPU for 10 minutes: autoscaling is at its max or cannot keep up");
    public static final Rule SERVICE_MEMORY = new Rule("memory-high", 90, true, 60, 10,
            "tasks have used above 90 % of their memory for 10 minutes: a leak, or a task too small");
    public static final Rule SERVICE_TASKS = new Rule("tasks-below-desired", 0, true, 60, 10,
            "fewer tasks have run than ECS wants for 10 minutes: tasks fail to start or keep crashing");
    public static final Rule SERVICE_5XX = new Rule("5xx", 10, true, 300, 1,
            "the service answered 10 or more 5xx in 5 minutes");
    public static final Rule SERVICE_P99 = new Rule("p99-slow", 2, true, 300, 3,
            "the slowest 1 % of requests took over 2 s for 15 minutes");
    public static final Rule LOAD_BALANCER_5XX = new Rule("alb-5xx", 10, true, 300, 1,
            "the load balancer itself answered 10 or more 5xx in 5 minutes: no healthy target, or targets too slow");
    public static final Rule UNHEALTHY_HOSTS = new Rule("unhealthy-targets", 0, true, 60, 5,
            "a target has failed its health checks for 5 minutes");
    public static final Rule DATABASE_CPU = new Rule("db-cpu-high", 80, true, 300, 3,
            "the database has run above 80 % CPU for 15 minutes");
    /** Of the storage allocated at creation: storage autoscaling grows it at 10 % free, this says it had to. */
    public static final Rule DATABASE_STORAGE = new Rule("db-storage-low", 10, false, 300, 1,
            "less than 10 % of the allocated storage is free");
    /** In MiB: below it the database swaps. */
    public static final Rule DATABASE_MEMORY = new Rule("db-memory-low", 100, false, 300, 3,
            "the database has had less than 100 MiB of memory free for 15 minutes");
    /** Of the instance's max_connections. */
    public static final Rule DATABASE_CONNECTIONS = new Rule("db-connections-high", 80, true, 300, 2,
            "connections have stayed above 80 % of the instance's max_connections for 10 minutes");

    public static final Rule FUNCTION_ERRORS = new Rule("function-errors", 0, true, 300, 1,
            "a scale-to-zero function failed (an exception or a timeout) in the last 5 minutes: its log group says why");
    public static final Rule DEAD_LETTERS = new Rule("dead-letters", 0, true, 300, 1,
            "an asynchronous invocation of a scale-to-zero function failed every retry: it waits in the dead-letter queue");

    public static final List<Rule> SERVICE = List.of(SERVICE_CPU, SERVICE_MEMORY, SERVICE_TASKS, SERVICE_5XX, SERVICE_P99);
    public static final List<Rule> LOAD_BALANCER = List.of(LOAD_BALANCER_5XX, UNHEALTHY_HOSTS);
    public static final List<Rule> DATABASE = List.of(DATABASE_CPU, DATABASE_STORAGE, DATABASE_MEMORY, DATABASE_CONNECTIONS);

    private AlarmRules() {
    }

    /** The rules of a service the load balancer does not reach: those of a target group are not its. */
    public static final List<Rule> INTERNAL_SERVICE = List.of(SERVICE_CPU, SERVICE_MEMORY, SERVICE_TASKS);

    /**
     * How many alarms an environment gets: each routed service's rules and its target group's unhealthy-targets alarm,
     * each internal service's task rules, the load balancer's 5xx, the database's rules where there is one; with
     * scale-to-zero, each function's errors and the dead-letter queue.
     */
    public static int count(int routedServices, int internalServices, boolean database, boolean scaleToZero) {
        return routedServices * (SERVICE.size() + 1) + internalServices * INTERNAL_SERVICE.size() + (LOAD_BALANCER.size() - 1)
                + (database ? DATABASE.size() : 0) + (scaleToZero ? 3 : 0);
    }

    /**
     * PostgreSQL's max_connections on RDS: the instance's memory in bytes / 9,531,392, at most 5,000 (RDS's default
     * parameter group).
     */
    public static int maxConnections(long memoryMiB) {
        return (int) Math.min(memoryMiB * 1024 * 1024 / 9_531_392L, 5000);
    }
}
