package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.data.DataMapping;
import dev.berth.platform.operations.AlertTopic;
import dev.berth.platform.operations.EnvironmentAlarms;
import dev.berth.platform.operations.OffHours;
import dev.berth.platform.operations.OperationsMapping;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * Watching the environment: the alert topic, the alarms and the dashboard; and the database's off hours (the services'
 * are scheduled on their scaling, in the application stack). Its own stack after the application's: an
 * alarm changed never redeploys a service, and the alarms read the services' and load balancer's names from it.
 */
public final class OperationsLayer implements Layer {

    static final String NAME = "operations";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        Foundation foundation = outputs.get(Foundation.class);
        Application application = outputs.get(Application.class);
        AlertTopic topic = new AlertTopic(stack, "Alerts", OperationsMapping.topic(model, foundation.key()));
        Map<String, EnvironmentAlarms.Service> services = new LinkedHashMap<>();
        application.services().forEach((name, service) ->
                services.put(name, new EnvironmentAlarms.Service(service.getService(), service.getTargetGroup())));
        EnvironmentAlarms.Props props = new EnvironmentAlarms.Props(model.naming().prefix(), topic.getTopic(), application.cluster(),
                services, application.loadBalancer().getAlb(), DataMapping.hasDatabase(model) ? OperationsMapping.database(model) : null);
        EnvironmentAlarms alarms = new EnvironmentAlarms(stack, "Alarms", props);
        application.sleepers().ifPresent(sleepers -> {
            Map<String, IFunction> functions = new LinkedHashMap<>();
            functions.put("sleep", sleepers.getSleepFunction());
            functions.put("wake", sleepers.getWakeFunction());
            alarms.scaleToZero(props, functions, sleepers.getDeadLetters());
        });
        if (DataMapping.hasDatabase(model)) {
            OperationsMapping.hours(model).ifPresent(hours -> new OffHours(stack, "OffHours", model.naming().databaseIdentifier(), hours));
        }
        CfnOutput.Builder.create(stack, "AlertTopicArn")
                .description("Where the environment's alarms notify; subscribe more addresses here")
                .value(topic.getTopic().getTopicArn())
                .build();
        CfnOutput.Builder.create(stack, "Dashboard")
                .description("The environment's CloudWatch dashboard")
                .value(alarms.getDashboard().getDashboardName())
                .build();
    }
}
