package dev.berth.platform.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.Templates;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;

/** Weekdays 07:00–20:00 in Berlin: the service's range at zero out of hours, the database stopped nightly. */
class OffHoursTest {

    static final OffHours.Hours WEEKDAYS = new OffHours.Hours(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(20, 0), "Europe/Berlin");
    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = Templates.bareStack();
        Cluster cluster = Cluster.Builder.create(stack, "Cluster").vpc(Vpc.Builder.create(stack, "Vpc").build()).build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(stack, "Task").build();
        task.addContainer("web", ContainerDefinitionOptions.builder().image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27")).build());
        FargateService service = FargateService.Builder.create(stack, "Web").cluster(cluster).taskDefinition(task).minHealthyPercent(100).build();
        OffHours.schedule(service.autoScaleTaskCount(EnableScalingProps.builder().minCapacity(1).maxCapacity(4).build()), WEEKDAYS, 1, 4);
        new OffHours(stack, "OffHours", "notes-dev", WEEKDAYS);
        template = Templates.template(stack);
    }

    @Test
    void theServicesRangeIsZeroAtNightAndItsOwnInTheMorningInTheEnvironmentsTimeZone() {
        JsonNode actions = Templates.properties(template, "AWS::ApplicationAutoScaling::ScalableTarget").path("ScheduledActions");
        List<String> described = new ArrayList<>();
        actions.forEach(action -> described.add(action.path("Schedule").asText() + " " + action.path("Timezone").asText() + " "
                + action.path("ScalableTargetAction").path("MinCapacity").asInt() + "-"
                + action.path("ScalableTargetAction").path("MaxCapacity").asInt()));
        assertThat(described).containsExactlyInAnyOrder(
                "cron(0 20 ? * MON,TUE,WED,THU,FRI *) Europe/Berlin 0-0",
                "cron(0 7 ? * MON,TUE,WED,THU,FRI *) Europe/Berlin 1-4");
        // The template never sets a desired count: a deploy at night does not wake the service.
        assertThat(Templates.properties(template, "AWS::ECS::Service").has("DesiredCount")).isFalse();
    }

    @Test
    void theDatabaseStopsEveryNightAndStartsBeforeTheServices() {
        List<String> schedules = new ArrayList<>();
        Templates.resources(template, "AWS::Scheduler::Schedule").values().forEach(schedule -> {
            JsonNode properties = schedule.path("Properties");
            java.util.regex.Matcher action = java.util.regex.Pattern.compile("aws-sdk:(rds:[A-Za-z]+)")
                    .matcher(properties.path("Target").path("Arn").toString());
            assertThat(action.find()).isTrue();
            schedules.add(action.group(1) + " "
                    + properties.path("ScheduleExpression").asText() + " " + properties.path("ScheduleExpressionTimezone").asText() + " "
                    + properties.path("Target").path("Input").asText());
        });
        assertThat(schedules).containsExactlyInAnyOrder(
                "rds:stopDBInstance cron(0 20 ? * * *) Europe/Berlin {\"DbInstanceIdentifier\":\"notes-dev\"}",
                "rds:startDBInstance cron(45 6 ? * MON,TUE,WED,THU,FRI *) Europe/Berlin {\"DbInstanceIdentifier\":\"notes-dev\"}");
    }

    @Test
    void theSchedulerMayStopAndStartThatOneDatabaseAlone() {
        JsonNode statement = Templates.single(template, "AWS::IAM::Policy", "OffHours").path("Properties").path("PolicyDocument")
                .path("Statement").get(0);
        assertThat(Templates.texts(statement.path("Action"))).containsExactlyInAnyOrder("rds:StopDBInstance", "rds:StartDBInstance");
        assertThat(statement.path("Resource").toString()).contains(":db:notes-dev").doesNotContain("*");
        JsonNode trust = Templates.single(template, "AWS::IAM::Role", "OffHours").path("Properties").path("AssumeRolePolicyDocument");
        assertThat(trust.toString()).contains("scheduler.amazonaws.com");
    }
}
