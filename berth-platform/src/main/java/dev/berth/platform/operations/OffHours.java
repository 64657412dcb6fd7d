package dev.berth.platform.operations;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.applicationautoscaling.CronOptions;
import software.amazon.awscdk.services.applicationautoscaling.Schedule;
import software.amazon.awscdk.services.applicationautoscaling.ScalingSchedule;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.BasicScheduledActionProps;
import software.constructs.Construct;

/**
 * An environment asleep out of hours, with what AWS already does: Application Auto Scaling's scheduled actions set
 * each service's range to zero at night and back in the morning (so autoscaling never fights the schedule), and
 * EventBridge Scheduler stops the database at night, every night (RDS starts a stopped instance by itself after seven
 * days: the next night's stop puts it back to sleep), and starts it before the services in the morning.
 */
public final class OffHours extends Construct {

    /** The database starts this long before the services, which need it to turn ready. */
    public static final int DATABASE_LEAD_MINUTES = 15;

    /**
     * @param days the days the environment wakes on
     * @param wake when the services start
     * @param sleep when they stop
     * @param zone the time zone of both, an IANA name
     */
    public record Hours(Set<DayOfWeek> days, LocalTime wake, LocalTime sleep, String zone) {

        public Hours {
            days = Set.copyOf(days);
            Objects.requireNonNull(wake, "wake");
            Objects.requireNonNull(sleep, "sleep");
            Objects.requireNonNull(zone, "zone");
        }

        /** The days as cron writes them: MON,TUE,... in week order. */
        String cronDays() {
            return days.stream().sorted().map(day -> day.name().substring(0, 3)).collect(Collectors.joining(","));
        }
    }

    /** A service's scaling: at zero from sleep to wake, at its range from wake to sleep. */
    public static void schedule(ScalableTaskCount scaling, Hours hours, int minTasks, int maxTasks) {
        TimeZone zone = TimeZone.of(hours.zone());
        scaling.scaleOnSchedule("Sleep", ScalingSchedule.builder()
                .schedule(Schedule.cron(cron(hours.sleep(), hours.cronDays())))
                .timeZone(zone)
                .minCapacity(0)
                .maxCapacity(0)
                .build());
        scaling.scaleOnSchedule("Wake", ScalingSchedule.builder()
                .schedule(Schedule.cron(cron(hours.wake(), hours.cronDays())))
                .timeZone(zone)
                .minCapacity(minTasks)
                .maxCapacity(maxTasks)
                .build());
    }

    /**
     * Instances of a group (the ECS capacity provider's, the Kubernetes workers): none from sleep to wake, their range
     * from wake to sleep. The ECS services' own schedules empty the ECS instances first; the cluster's pods wait, pending,
     * for the morning's workers.
     */
    public static void schedule(AutoScalingGroup group, Hours hours, int minInstances, int maxInstances) {
        group.scaleOnSchedule("Sleep", BasicScheduledActionProps.builder()
                .schedule(software.amazon.awscdk.services.autoscaling.Schedule.cron(instanceCron(hours.sleep(), hours.cronDays())))
                .timeZone(hours.zone())
                .minCapacity(0)
                .maxCapacity(0)
                .build());
        group.scaleOnSchedule("Wake", BasicScheduledActionProps.builder()
                .schedule(software.amazon.awscdk.services.autoscaling.Schedule.cron(instanceCron(hours.wake(), hours.cronDays())))
                .timeZone(hours.zone())
                .minCapacity(minInstances)
                .maxCapacity(maxInstances)
                .build());
    }

    private static software.amazon.awscdk.services.autoscaling.CronOptions instanceCron(LocalTime time, String days) {
        return software.amazon.awscdk.services.autoscaling.CronOptions.builder()
                .minute(String.valueOf(time.getMinute())).hour(String.valueOf(time.getHour())).weekDay(days).build();
    }

    private static CronOptions cron(LocalTime time, String days) {
        return CronOptions.builder().minute(String.valueOf(time.getMinute())).hour(String.valueOf(time.getHour())).weekDay(days).build();
    }

    private final CfnSchedule stop;
    private final CfnSchedule start;

    /**
     * The database's nights.
     *
     * @param databaseIdentifier the RDS instance
     * @param hours when the environment is awake
     */
    public OffHours(Construct scope, String id, String databaseIdentifier, Hours hours) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String instanceArn = "arn:" + stack.getPartition() + ":rds:" + stack.getRegion() + ":" + stack.getAccount() + ":db:"
                + databaseIdentifier;
        Role role = Role.Builder.create(this, "Role")
                .description("EventBridge Scheduler stops and starts " + databaseIdentifier + " out of hours")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("rds:StopDBInstance", "rds:StartDBInstance"))
                .resources(List.of(instanceArn))
                .build());
        String input = "{\"DbInstanceIdentifier\":\"" + databaseIdentifier + "\"}";
        // Every night, not only the awake days': a stopped instance that RDS started after seven days goes back to sleep.
        this.stop = schedule("StopDatabase", "rds:stopDBInstance", cronExpression(hours.sleep(), "*"), hours.zone(), input, role);
        LocalTime lead = hours.wake().minusMinutes(DATABASE_LEAD_MINUTES);
        LocalTime start = lead.isAfter(hours.wake()) ? LocalTime.MIDNIGHT : lead;
        this.start = schedule("StartDatabase", "rds:startDBInstance", cronExpression(start, hours.cronDays()), hours.zone(), input, role);
    }

    private CfnSchedule schedule(String id, String action, String expression, String zone, String input, Role role) {
        return CfnSchedule.Builder.create(this, id)
                .description(action + " out of hours")
                .scheduleExpression(expression)
                .scheduleExpressionTimezone(zone)
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn("arn:" + Stack.of(this).getPartition() + ":scheduler:::aws-sdk:" + action)
                        .roleArn(role.getRoleArn())
                        .input(input)
                        // Stopping a stopped instance fails, and that is fine: no retry would make it succeed.
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(0).build())
                        .build())
                .build();
    }

    /** EventBridge Scheduler's cron: minutes, hours, day of month, month, day of week, year. */
    static String cronExpression(LocalTime time, String days) {
        return "cron(" + time.getMinute() + " " + time.getHour() + " ? * " + days + " *)";
    }

    public CfnSchedule getStop() {
        return stop;
    }

    public CfnSchedule getStart() {
        return start;
    }
}
