package dev.berth.model;

import java.nio.file.Path;
import java.util.List;

/** The single-page sites of an environment: each a private bucket behind its own CloudFront distribution. */
public record Sites(List<Site> all) implements ModelPart {

    public Sites {
        all = List.copyOf(all);
    }

    /**
     * @param name DNS-safe name, unique in the file
     * @param directory the built site berth push uploads (its index.html at the root)
     * @param domain the domain the site is served at in this environment, or null for its CloudFront address
     */
    public record Site(String name, Path directory, String domain) {
    }
}
