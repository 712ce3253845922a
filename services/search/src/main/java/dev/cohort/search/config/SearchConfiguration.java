package dev.cohort.search.config;

import dev.cohort.events.config.CohortEventsProperties;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.search.api.SearchGrpcService;
import dev.cohort.search.app.IndexLag;
import dev.cohort.search.app.Reindexing;
import dev.cohort.search.app.Searching;
import dev.cohort.search.app.TextLanguages;
import dev.cohort.search.events.ChatMessages;
import dev.cohort.search.events.CourseCatalog;
import dev.cohort.search.events.IndexReplay;
import dev.cohort.search.events.People;
import dev.cohort.search.store.IndexRebuild;
import dev.cohort.search.store.IndexWrites;
import dev.cohort.search.store.SearchIndex;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires search's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
@EnableKafka
public class SearchConfiguration {

    @Bean
    TextLanguages textLanguages(SearchProperties properties) {
        return new TextLanguages(properties.languages());
    }

    @Bean
    SearchIndex searchIndex(NamedParameterJdbcTemplate jdbc, SearchProperties properties, TextLanguages languages) {
        // Every configuration documents are indexed with: messages' languages and `simple` (short messages,
        // names), and the courses' language.
        Set<String> all = new LinkedHashSet<>(languages.all());
        all.add(properties.textLanguage());
        return new SearchIndex(jdbc, all, properties.recencyHalfLife());
    }

    @Bean
    IndexWrites indexWrites(NamedParameterJdbcTemplate jdbc) {
        return new IndexWrites(jdbc, IndexWrites.LIVE);
    }

    @Bean
    Reindexing reindexing(NamedParameterJdbcTemplate jdbc, CohortEventsProperties events,
                          PlatformTransactionManager transactionManager, ChatMessages chat, CourseCatalog courses,
                          People people) {
        return new Reindexing(new IndexReplay(events, new IndexRebuild(jdbc.getJdbcTemplate()),
                new IndexWrites(jdbc, IndexWrites.REBUILD), new TransactionTemplate(transactionManager), chat,
                courses, people));
    }

    @Bean
    IndexLag indexLag(ObjectProvider<MeterRegistry> meters, Clock clock) {
        // Without a registry in the context (no actuator), the timer still measures, for tests and diagnostics.
        return new IndexLag(meters.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    @Bean
    Searching searching(SearchIndex index, PageTokenCodec pageTokens, Clock clock,
                        ObjectProvider<MeterRegistry> meters) {
        return new Searching(index, pageTokens, clock, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    SearchGrpcService searchGrpcService(Searching searching, Reindexing reindexing) {
        return new SearchGrpcService(searching, reindexing);
    }

    @Bean
    ChatMessages chatMessages(ProcessedEvents processed, IndexWrites index, IndexLag lag, TextLanguages languages,
                              PlatformTransactionManager transactionManager) {
        return new ChatMessages(processed, index, lag, languages, new TransactionTemplate(transactionManager));
    }

    @Bean
    CourseCatalog courseCatalog(ProcessedEvents processed, IndexWrites index, IndexLag lag,
                                SearchProperties properties) {
        return new CourseCatalog(processed, index, lag, properties.textLanguage());
    }

    @Bean
    People people(ProcessedEvents processed, IndexWrites index, IndexLag lag) {
        return new People(processed, index, lag);
    }
}
