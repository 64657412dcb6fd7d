package dev.berth.notejam.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.resource.AbstractResourceResolver;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.servlet.resource.ResourceResolverChain;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import org.springframework.web.servlet.resource.ResourceUrlProviderExposingInterceptor;
import org.springframework.web.servlet.resource.VersionResourceResolver;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The app's static files: how they are served, and their export for the CDN. One definition for both, so the names
 * the pages link and the names uploaded cannot drift apart.
 *
 * <p>Everything under {@code classpath:/static/} is served at {@code /static/**} under its content-hashed name only
 * ({@code /static/css/notejam-<md5>.css}), which pages get from Thymeleaf's {@code @{/static/css/notejam.css}}, and
 * cached for a year as immutable: a new content is a new name. {@code /favicon.ico}, which browsers ask for whatever
 * a page links, is the ICO under its plain name, cached for a month.
 *
 * <p>Behind CloudFront, {@code /static/*} is answered from an S3 bucket holding what {@link #main} exports at build
 * time ({@code notejam/target/public}): every file under the URL path the app serves it at, with the bytes the app
 * serves (the stylesheet as the resource chain rewrites it). The export runs this class's registration through
 * Spring's own resource handler, so it cannot name a file otherwise than the app does.
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

    /** What S3 keys and URLs may both carry unescaped: anything else is refused rather than guessed at. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

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

    /**
     * Writes every static asset into the directory given under the URL path the app serves it at:
     * {@code static/css/notejam-<md5>.css}. The build runs it (exec-maven-plugin, process-classes) into
     * {@code target/public}; each file's path relative to that directory is its key in the assets bucket. What an
     * earlier run left under {@code static/} goes first (a changed file's old name must not be uploaded); anything
     * else in the directory is refused, as it would be uploaded too, and so that a wrong argument deletes nothing.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: StaticAssets DIRECTORY (the export, e.g. notejam/target/public)");
        }
        Path directory = Path.of(args[0]).toAbsolutePath();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                List<Path> others = entries.filter(entry -> !entry.getFileName().toString().equals("static")).toList();
                if (!others.isEmpty()) {
                    throw new IllegalStateException(directory + " holds " + others + " besides static/: not an export");
                }
            }
        }
        SortedMap<String, byte[]> assets = served();
        deleteRecursively(directory.resolve("static"));
        for (Map.Entry<String, byte[]> asset : assets.entrySet()) {
            Path file = directory.resolve(asset.getKey().substring(1));
            Files.createDirectories(file.getParent());
            Files.write(file, asset.getValue());
        }
        System.out.printf("notejam: %d static assets exported to %s: %s%n", assets.size(), directory,
                String.join(" ", assets.keySet()));
    }

    /**
     * Every file under {@code classpath:/static/}, by the URL the app serves it at, with the bytes it serves there:
     * the app's own handler, built by {@link #register}, resolves and transforms each, without a server or database.
     */
    public static SortedMap<String, byte[]> served() throws IOException {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.refresh();
            Map<String, ResourceHttpRequestHandler> handlers = new Registry(context).handlers();
            ResourceUrlProvider urls = new ResourceUrlProvider();
            urls.setHandlerMap(handlers);
            ResourceHttpRequestHandler handler = handlers.get(URL_PREFIX + "**");
            SortedMap<String, byte[]> served = new TreeMap<>();
            for (String file : files()) {
                String url = urls.getForLookupPath(URL_PREFIX + file);
                if (url == null || !url.startsWith(URL_PREFIX)) {
                    throw new IllegalStateException("static/" + file + " has no public URL under " + URL_PREFIX + ": " + url);
                }
                Resource resource = get(handler, urls, url);
                if (resource == null) {
                    throw new IllegalStateException(url + " (static/" + file + ") is not served");
                }
                served.put(url, resource.getContentAsByteArray());
            }
            return served;
        }
    }

    /** The files under {@code static/} in every class path entry (as the handler finds them: the first one wins). */
    private static SortedSet<String> files() throws IOException {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(StaticAssets.class.getClassLoader());
        SortedSet<String> files = new TreeSet<>();
        for (Resource root : resolver.getResources("classpath*:static/")) {
            String base = root.getURL().toString();
            for (Resource file : resolver.getResources(base + "**")) {
                String relative = file.getURL().toString().substring(base.length());
                if (relative.isEmpty() || relative.endsWith("/") || !file.isReadable()) {
                    continue; // a directory
                }
                if (!PLAIN_NAME.matcher(relative).matches()) {
                    throw new IllegalStateException("static/" + relative + ": a static file's path may hold letters,"
                            + " digits, '.', '_', '-' and '/' only, which URLs and S3 keys both carry as they are");
                }
                files.add(relative);
            }
        }
        return files;
    }

    /**
     * What the handler answers to {@code GET url}: the same protected method its {@code handleRequest} calls, which
     * resolves the path (hash checked) and runs the transformers. The request is what that method reads of a real
     * one after Spring MVC's dispatch (the path within the mapping, the parsed path, the URL provider the CSS
     * transformer asks for); anything else it might ask is refused, so a Spring upgrade that needs more fails the
     * build rather than exporting something else.
     */
    private static Resource get(ResourceHttpRequestHandler handler, ResourceUrlProvider urls, String url) {
        HttpServletRequest request = get(url);
        ServletRequestPathUtils.parseAndCache(request);
        request.setAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, url.substring(URL_PREFIX.length()));
        request.setAttribute(ResourceUrlProviderExposingInterceptor.RESOURCE_URL_PROVIDER_ATTR, urls);
        Method getResource = ReflectionUtils.findMethod(ResourceHttpRequestHandler.class, "getResource", HttpServletRequest.class);
        if (getResource == null) {
            throw new IllegalStateException("ResourceHttpRequestHandler.getResource(HttpServletRequest) is gone");
        }
        ReflectionUtils.makeAccessible(getResource);
        return (Resource) ReflectionUtils.invokeMethod(getResource, handler, request);
    }

    /** A GET of {@code url} to the DispatcherServlet (mapped to "/", no context path), with no headers. */
    private static HttpServletRequest get(String url) {
        Map<String, Object> attributes = new HashMap<>();
        HttpServletMapping mapping = new HttpServletMapping() {
            @Override
            public String getMatchValue() {
                return "";
            }

            @Override
            public String getPattern() {
                return "/";
            }

            @Override
            public String getServletName() {
                return "dispatcherServlet";
            }

            @Override
            public MappingMatch getMappingMatch() {
                return MappingMatch.DEFAULT;
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(StaticAssets.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getMethod" -> "GET";
                    case "getRequestURI", "getServletPath" -> url;
                    case "getContextPath" -> "";
                    case "getPathInfo", "getHeader", "getCharacterEncoding", "getQueryString" -> null;
                    case "getDispatcherType" -> DispatcherType.REQUEST;
                    case "getHttpServletMapping" -> mapping;
                    case "toString" -> "GET " + url;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("The export's GET " + url + " cannot answer "
                            + method.getName() + "(): StaticAssets.get needs to learn it");
                });
    }

    /** Builds the handlers as the app's {@code ResourceHandlerRegistry} does (there, with a servlet context). */
    private static final class Registry extends ResourceHandlerRegistry {

        Registry(ApplicationContext context) {
            super(context, null);
            register(this);
        }

        Map<String, ResourceHttpRequestHandler> handlers() {
            Map<String, ResourceHttpRequestHandler> handlers = new LinkedHashMap<>();
            if (getHandlerMapping() instanceof SimpleUrlHandlerMapping mapping) {
                mapping.getUrlMap().forEach((pattern, handler) -> handlers.put(pattern, (ResourceHttpRequestHandler) handler));
            }
            return handlers;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
