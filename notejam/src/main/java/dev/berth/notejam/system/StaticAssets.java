package dev.berth.notejam.system;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.resource.AbstractResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The app's static files, as they are served. Everything under {@code classpath:/static/} is served at
 * {@code /static/**} under its content-hashed name only ({@code /static/css/notejam-<md5>.css}), which pages get from
 * Thymeleaf's {@code @{/static/css/notejam.css}}, and cached for a year as immutable: a new content is a new name.
 * {@code /favicon.ico}, which browsers ask for whatever a page links, is the ICO under its plain name, cached for a
 * month.
 */
public final class StaticAssets {

    static final String URL_PREFIX = "/static/";
    static final String LOCATION = "classpath:/static/";

    /**
     * A hashed name is never reused for other content, so caches (the browser's, CloudFront's) may keep it a year
     * and need not ask again (immutable): public, max-age=31536000, immutable.
     */
    static final CacheControl HASHED = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    /** The plain name of the icon: its content may change under it, so a month, and not immutable. */
    static final CacheControl FAVICON = CacheControl.maxAge(Duration.ofDays(30)).cachePublic();

    private StaticAssets() {
    }

    /**
     * The app's resource handlers, as {@link WebConfiguration} registers them (Spring Boot's own are switched off:
     * {@code spring.web.resources.add-mappings: false}). Spring's resource chain adds what it always adds after a
     * version resolver: the {@code PathResourceResolver} that reads the files, and the {@code CssLinkResourceTransformer}
     * that rewrites a stylesheet's {@code url(...)} links to hashed names.
     */
    static void register(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/favicon.ico")
                .addResourceLocations(LOCATION)
                .setCacheControl(FAVICON);
        registry.addResourceHandler(URL_PREFIX + "**")
                .addResourceLocations(LOCATION)
                .setCacheControl(HASHED)
                .resourceChain(true)
                .addResolver(new HashedNamesOnly())
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
    }

    /**
     * Answers a request for a file only under its hashed name. Spring's version resolver also serves a file under its
     * plain name ({@code /static/css/notejam.css}), which would get the year-long immutable header under a name whose
     * content changes with the next release. Refused instead (404) rather than served with a short cache: behind
     * CloudFront {@code /static/*} is the bucket, which holds hashed names only, so the app answers what the CDN
     * answers, and a page that linked a plain name would fail here, in the tests, and not first in production.
     * Link writing ({@code resolveUrlPath}) passes through untouched: it starts from the plain name.
     */
    static final class HashedNamesOnly extends AbstractResourceResolver {

        @Override
        protected Resource resolveResourceInternal(HttpServletRequest request, String requestPath,
                List<? extends Resource> locations, ResourceResolverChain chain) {
            Resource resource = chain.resolveResource(request, requestPath, locations);
            if (resource == null) {
                return null;
            }
            // Found under a hashed name, the file keeps its own: notejam-<md5>.css was asked for, notejam.css found.
            boolean plainName = StringUtils.getFilename(requestPath).equals(resource.getFilename());
            return plainName ? null : resource;
        }

        @Override
        protected String resolveUrlPathInternal(String resourceUrlPath, List<? extends Resource> locations,
                ResourceResolverChain chain) {
            return chain.resolveUrlPath(resourceUrlPath, locations);
        }
    }
}
