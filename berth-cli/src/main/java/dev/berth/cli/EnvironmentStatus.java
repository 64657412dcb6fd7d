package dev.berth.cli;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.Schedule;
import dev.berth.model.ServiceModel;
import dev.berth.platform.layer.AppLayer;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * What an environment is doing, read through the AWS SDK: each service running, starting, asleep (its range set to
 * zero by the schedule or scale-to-zero) or idle at zero; the database's state; the next scheduled change.
 */
final class EnvironmentStatus {

    /** The AWS clients it reads through. */
    record Clients(CloudFormationClient cloudFormation, EcsClient ecs, ApplicationAutoScalingClient scaling, RdsClient rds)
            implements AutoCloseable {

        static Clients in(String region) {
            Region where = Region.of(region);
            return new Clients(CloudFormationClient.builder().region(where).build(), EcsClient.builder().region(where).build(),
                    ApplicationAutoScalingClient.builder().region(where).build(), RdsClient.builder().region(where).build());
        }

        @Override
        public void close() {
            cloudFormation.close();
            ecs.close();
            scaling.close();
            rds.close();
        }
    }

    /**
     * One service.
     *
     * @param state running, starting, asleep, at zero, or not deployed
     */
    record ServiceState(String name, String state, int running, int desired, String range) {
    }

    record Report(List<ServiceState> services, String database, String nextChange) {
    }

    private EnvironmentStatus() {
    }

    static Report read(EnvironmentModel model, Clients clients, Instant now) {
        Map<String, String> outputs = outputs(clients.cloudFormation(), new AppLayer().stackName(model));
        List<ServiceState> services = new ArrayList<>();
        for (ServiceModel service : model.services().all()) {
            String cluster = outputs.get("ClusterName");
            String name = outputs.get(Naming.pascal(service.name()) + "ServiceName");
            if (cluster == null || name == null) {
                services.add(new ServiceState(service.name(), "not deployed", 0, 0, "-"));
                continue;
            }
            Service ecs = clients.ecs().describeServices(request -> request.cluster(cluster).services(name)).services().getFirst();
            Optional<ScalableTarget> target = clients.scaling().describeScalableTargets(request -> request
                    .serviceNamespace(ServiceNamespace.ECS).resourceIds("service/" + cluster + "/" + name)).scalableTargets().stream().findFirst();
            String range = target.map(t -> t.minCapacity() + "–" + t.maxCapacity()).orElse("-");
            services.add(new ServiceState(service.name(), state(ecs, target), ecs.runningCount(), ecs.desiredCount(), range));
        }
        return new Report(services, database(clients.rds(), model.naming().databaseIdentifier()), nextChange(model, now));
    }

    private static String state(Service service, Optional<ScalableTarget> target) {
        if (service.desiredCount() == 0) {
            return target.filter(t -> t.maxCapacity() == 0).isPresent() ? "asleep" : "at zero";
        }
        return service.runningCount() < service.desiredCount() ? "starting" : "running";
    }

    private static Map<String, String> outputs(CloudFormationClient cloudFormation, String stack) {
        try {
            return cloudFormation.describeStacks(request -> request.stackName(stack)).stacks().getFirst().outputs().stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        } catch (CloudFormationException e) {
            return Map.of();
        }
    }

    private static String database(RdsClient rds, String identifier) {
        try {
            return rds.describeDBInstances(request -> request.dbInstanceIdentifier(identifier)).dbInstances().getFirst().dbInstanceStatus();
        } catch (DbInstanceNotFoundException e) {
            return "not deployed";
        }
    }

    /** The schedule's next wake or sleep after {@code now}, in the schedule's zone; none when always awake. */
    static String nextChange(EnvironmentModel model, Instant now) {
        return model.find(Schedule.class).flatMap(Schedule::hours).map(hours -> {
            ZonedDateTime at = now.atZone(hours.zone());
            for (int day = 0; day <= 7; day++) {
                ZonedDateTime date = at.toLocalDate().plusDays(day).atStartOfDay(hours.zone());
                if (!hours.days().contains(DayOfWeek.from(date))) {
                    continue;
                }
                ZonedDateTime wake = date.with(hours.wake());
                ZonedDateTime sleep = date.with(hours.sleep());
                if (wake.isAfter(at)) {
                    return "wakes " + wake.format(WHEN);
                }
                if (sleep.isAfter(at)) {
                    return "sleeps " + sleep.format(WHEN);
                }
            }
            return "none";
        }).orElse("none (always awake)");
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm VV", Locale.ROOT);

    static String render(EnvironmentModel model, Report report) {
        StringBuilder out = new StringBuilder("Status of " + model.naming().project() + " " + model.name() + "\n\n");
        out.append(String.format("  %-20s %-13s %7s %7s %7s%n", "service", "state", "running", "desired", "range"));
        for (ServiceState service : report.services()) {
            out.append(String.format("  %-20s %-13s %7d %7d %7s%n", service.name(), service.state(), service.running(),
                    service.desired(), service.range()));
        }
        out.append("\n  database  ").append(report.database()).append('\n');
        out.append("  schedule  ").append(report.nextChange()).append('\n');
        return out.toString();
    }
}
