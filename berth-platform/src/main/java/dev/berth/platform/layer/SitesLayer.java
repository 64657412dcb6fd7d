package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.Sites;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.edge.ContentDelivery;
import dev.berth.platform.edge.EdgeMapping;
import dev.berth.platform.edge.SinglePageSite;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

/** The environment's single-page sites, each in its own bucket behind its own distribution. */
public final class SitesLayer implements Layer {

    static final String NAME = "sites";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return !GlobalEdgeLayer.sites(model).isEmpty();
    }

    /** The stack output naming a site's bucket, which berth push reads. */
    public static String bucketOutput(String site) {
        return Naming.pascal(site) + "SiteBucket";
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        GlobalEdge global = outputs.find(GlobalEdge.class).orElse(GlobalEdge.NONE);
        Bucket logs = EdgeMapping.logBucket(stack, "Logs", model);
        for (Sites.Site site : GlobalEdgeLayer.sites(model)) {
            String id = Naming.pascal(site.name());
            SinglePageSite built = new SinglePageSite(stack, id, new SinglePageSite.Props(
                    new ContentDelivery.Viewer(site.domain(), global.certificate(site.domain()).orElse(null), global.webAclArn()),
                    EdgeMapping.priceClass(model), logs));
            EdgeMapping.aliasRecords(stack, id, model, site.domain(), built.getDistribution());
            CfnOutput.Builder.create(stack, bucketOutput(site.name()))
                    .description("Where berth push uploads site " + site.name())
                    .value(built.getBucket().getBucketName())
                    .build();
            CfnOutput.Builder.create(stack, id + "SiteUrl")
                    .description("Where site " + site.name() + " answers")
                    .value("https://" + (site.domain() != null ? site.domain() : built.getDistribution().getDistributionDomainName()))
                    .build();
        }
    }
}
