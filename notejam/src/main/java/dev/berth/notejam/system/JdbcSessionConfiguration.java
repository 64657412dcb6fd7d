package dev.berth.notejam.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Sessions in PostgreSQL (the default store). Two requests of one session that both set an attribute (two tabs
 * posting forms, each leaving a flash message) would both INSERT it, and the second fail with a duplicate key
 * after its work was saved: attributes are upserted instead.
 */
@Configuration(proxyBeanMethods = false)
public class JdbcSessionConfiguration {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer upsertSessionAttributes() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
