package dev.berth.platform.layer;

import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * What the data layer hands the others.
 *
 * @param databaseSecret the credentials JSON apps receive as {@code DB_SECRET}
 */
public record DataTier(ISecret databaseSecret) {
}
