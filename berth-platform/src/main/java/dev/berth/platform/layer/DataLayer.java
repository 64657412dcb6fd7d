package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.data.DataMapping;
import dev.berth.platform.data.Database;
import dev.berth.platform.network.Flow;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;

/** The environment's data tier: PostgreSQL and its credentials. Apart from the app, so app deploys never touch it. */
public final class DataLayer implements Layer {

    @Override
    public String name() {
        return "data";
    }

    @Override
    public List<Flow> flows(EnvironmentModel model) {
        return DataMapping.flows(model);
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        Foundation foundation = outputs.get(Foundation.class);
        Database database = new Database(stack, "Database", DataMapping.props(model)
                .vpc(foundation.vpc())
                .subnets(foundation.subnets().data())
                .securityGroup(foundation.groups().group(Database.ZONE))
                .encryptionKey(foundation.key())
                .build());
        CfnOutput.Builder.create(stack, "DatabaseEndpoint")
                .description("PostgreSQL endpoint (reachable only from the compute subnets)")
                .value(database.getInstance().getDbInstanceEndpointAddress())
                .build();
        CfnOutput.Builder.create(stack, "DatabaseSecretArn")
                .description("Secrets Manager secret with the database credentials (DB_SECRET)")
                .value(database.getSecret().getSecretArn())
                .build();
        outputs.publish(new DataTier(database.getSecret()));
    }
}
