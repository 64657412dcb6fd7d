package dev.berth.platform.operations;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/** The environment's alert topic: encrypted with the environment key, TLS only, each address subscribed by e-mail. */
public final class AlertTopic extends Construct {

    /**
     * @param name the topic's name
     * @param emails the addresses subscribed (each confirms once)
     * @param key encrypts the messages at rest
     */
    public record Props(String name, List<String> emails, IKey key) {

        public Props {
            Objects.requireNonNull(name, "name");
            emails = List.copyOf(emails);
            Objects.requireNonNull(key, "key");
        }
    }

    private final Topic topic;

    public AlertTopic(Construct scope, String id, Props props) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "Topic")
                .topicName(props.name())
                .displayName("Berth alerts " + props.name())
                .masterKey(props.key())
                .enforceSsl(true)
                .build();
        props.emails().forEach(email -> topic.addSubscription(new EmailSubscription(email)));
    }

    public Topic getTopic() {
        return topic;
    }
}
