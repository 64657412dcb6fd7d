package dev.berth.cli.local;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.model.Sites;
import java.util.ArrayList;
import java.util.List;

/**
 * The load balancer's listener rules, as the local entry point's routes: each path route at its priority, the default
 * route last. A site's front end, which its own distribution reaches in the cloud, and a single-page site are served
 * at {@code SITE.localhost} (browsers send every {@code *.localhost} name to this machine).
 */
final class LocalRoutes {

    private static final String SITE_DOMAIN = ".localhost";

    private LocalRoutes() {
    }

    /** @param running the started services, in the order of {@code services} */
    static List<EntryPoint.Route> of(EnvironmentModel model, List<ServiceModel> services, List<RunningService> running) {
        List<EntryPoint.Route> routes = new ArrayList<>();
        Sites sites = model.find(Sites.class).orElse(new Sites(List.of()));
        for (int i = 0; i < services.size(); i++) {
            ServiceModel service = services.get(i);
            ServiceModel.Routing routing = service.routing();
            var address = running.get(i).address();
            switch (routing.reach()) {
                case ROUTED -> routes.add(EntryPoint.Route.toService(service.name(), null, routing.pathPattern(),
                        routing.path().isPresent() ? routing.priority() : Integer.MAX_VALUE, address));
                case FRONT_END -> sites.frontEndOf(service.name()).ifPresent(site -> routes.add(
                        EntryPoint.Route.toService(service.name(), site.name() + SITE_DOMAIN, null, 1, address)));
                case INTERNAL -> {
                    // reached by its callers alone, on the engine's network
                }
            }
        }
        sites.all().forEach(site -> routes.add(EntryPoint.Route.site(site.name(), site.name() + SITE_DOMAIN, site.directory())));
        return routes;
    }

    /** How the entry point reaches a service, for the ready lines. */
    static String describe(EnvironmentModel model, ServiceModel service) {
        ServiceModel.Routing routing = service.routing();
        return switch (routing.reach()) {
            case ROUTED -> routing.path().orElse("/ (default route)");
            case FRONT_END -> model.find(Sites.class).flatMap(sites -> sites.frontEndOf(service.name()))
                    .map(site -> "http://" + site.name() + SITE_DOMAIN + " (site " + site.name() + ")").orElse("front end");
            case INTERNAL -> "internal: its callers alone";
        };
    }
}
