package dev.berth.notejam;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Notejam: sign up, keep notes in pads. The reference workload Berth deploys. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotejamApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotejamApplication.class, args);
    }
}
