package dev.berth.platform;

import dev.berth.platform.layer.AppLayer;
import dev.berth.platform.layer.DataLayer;
import dev.berth.platform.layer.DeliveryLayer;
import dev.berth.platform.layer.FoundationLayer;
import dev.berth.platform.layer.GitHubOidcLayer;
import dev.berth.platform.layer.GlobalEdgeLayer;
import dev.berth.platform.layer.OperationsLayer;
import dev.berth.platform.layer.ReplicaLayer;
import dev.berth.platform.layer.SitesLayer;
import java.util.List;

/** The layers of an environment, in build order: each may read the outputs of those before it. */
public final class Layers {

    private Layers() {
    }

    public static List<Layer> all() {
        return List.of(new GitHubOidcLayer(), new FoundationLayer(), new ReplicaLayer(), new DataLayer(), new DeliveryLayer(), new GlobalEdgeLayer(),
                new AppLayer(), new SitesLayer(), new OperationsLayer());
    }
}
