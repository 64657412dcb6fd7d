package dev.berth.model;

import java.util.List;

/**
 * Who hears of an environment's alarms.
 *
 * @param emails the addresses subscribed to the environment's alert topic (each confirms once, by e-mail)
 */
public record Alerts(List<String> emails) implements ModelPart {

    public Alerts {
        emails = List.copyOf(emails);
    }
}
