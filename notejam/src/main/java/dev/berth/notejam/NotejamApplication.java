package dev.berth.notejam;

import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.util.ClassUtils;

/** Notejam: sign up, keep notes in pads. The reference workload Berth deploys. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotejamApplication {

    static final String SPRING_AOT = "spring.aot.enabled";

    public static void main(String[] args) {
        // The AOT processing itself runs this method, to find the context it generates code for.
        if (System.getProperty(SPRING_AOT) == null && !Boolean.getBoolean("spring.aot.processing")) {
            System.setProperty(SPRING_AOT, Boolean.toString(springAotFits(args, System.getenv())));
        }
        SpringApplication.run(NotejamApplication.class, args);
    }

    /**
     * Whether to start from the bean definitions Spring's AOT processing generated at build time, which saves about
     * a quarter of the start. That processing evaluated every condition with no profile active, so a run that asks
     * for a profile (redis), or has a {@code CACHE_SECRET} that turns the redis profile on, starts the regular way;
     * {@code -Dspring.aot.enabled} decides otherwise.
     */
    static boolean springAotFits(String[] args, Map<String, String> environment) {
        boolean generated = ClassUtils.isPresent(NotejamApplication.class.getName() + "__ApplicationContextInitializer",
                NotejamApplication.class.getClassLoader());
        boolean profileAsked = environment.keySet().stream().anyMatch(name -> name.startsWith("SPRING_PROFILES_"))
                || System.getProperties().stringPropertyNames().stream().anyMatch(name -> name.startsWith("spring.profiles."))
                || Arrays.stream(args).anyMatch(arg -> arg.startsWith("--spring.profiles."));
        boolean cacheGiven = !environment.getOrDefault("CACHE_SECRET", "").isBlank()
                || !System.getProperty("CACHE_SECRET", "").isBlank()
                || Arrays.stream(args).anyMatch(arg -> arg.startsWith("--CACHE_SECRET=")
                        && !arg.substring("--CACHE_SECRET=".length()).isBlank());
        return generated && !profileAsked && !cacheGiven;
    }
}
