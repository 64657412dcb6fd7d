package dev.berth.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sites of an environment, each behind its own CloudFront distribution: single-page sites (a private bucket) and
 * sites rendered by a service (server-side rendering, the service their front end).
 *
 * @param all the single-page sites, whose files berth push uploads
 * @param rendered the sites rendered by a service
 */
public record Sites(List<Site> all, List<Rendered> rendered) implements ModelPart {

    public Sites {
        all = List.copyOf(all);
        rendered = List.copyOf(rendered);
    }

    public Sites(List<Site> all) {
        this(all, List.of());
    }

    /** The site a service renders, if it is one's front end. */
    public Optional<Rendered> frontEndOf(String service) {
        return rendered.stream().filter(site -> site.service().equals(service)).findFirst();
    }

    /**
     * @param name DNS-safe name, unique in the file
     * @param directory the built site berth push uploads (its index.html at the root)
     * @param domain the domain the site is served at in this environment, or null for its CloudFront address
     */
    public record Site(String name, Path directory, String domain) {
    }

    /**
     * A site rendered by a service: its own distribution in front of the service, which is its front end.
     *
     * @param name DNS-safe name, unique in the file; the value of the site header its distribution sends
     * @param service the service that renders it (its front end)
     * @param domain the domain the site is served at in this environment, or null for its CloudFront address
     */
    public record Rendered(String name, String service, String domain) {
    }
}
