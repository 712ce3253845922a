package dev.cohort.events.config;

import dev.cohort.events.consumer.DeadLetterRouting;
import dev.cohort.events.consumer.ConsumerMetrics;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.consumer.TracedListening;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.events.outbox.OutboxRelay;
import dev.cohort.events.outbox.OutboxSchema;
import dev.cohort.events.outbox.OutboxWakeups;
import dev.cohort.events.outbox.RelaySettings;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.events.serde.SchemaIds;
import dev.cohort.events.serde.SchemaRegistryClient;
import dev.cohort.telemetry.CohortTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import org.apache.kafka.clients.producer.Producer;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events for every service that has a database: the shared tables, the outbox, the relay, processed-events
 * bookkeeping and a listener container factory ({@value #LISTENER_FACTORY}) with retries and dead-lettering.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "dev.cohort.telemetry.autoconfigure.CohortTelemetryAutoConfiguration"})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "cohort.events", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CohortEventsProperties.class)
public class CohortEventsAutoConfiguration {

    /** Name of the listener container factory services use in {@code @KafkaListener(containerFactory = ...)}. */
    public static final String LISTENER_FACTORY = "cohortListenerContainerFactory";

    @Bean(initMethod = "migrate")
    OutboxSchema cohortOutboxSchema(DataSource dataSource) {
        return new OutboxSchema(dataSource);
    }

    @Bean
    Outbox cohortOutbox(OutboxSchema schema, JdbcTemplate jdbc) {
        return new Outbox(jdbc);
    }

    @Bean
    EventEnvelope cohortEventEnvelope(@Value("${spring.application.name:cohort}") String producer) {
        return new EventEnvelope(producer, Clock.systemUTC());
    }

    @Bean
    ProcessedEvents cohortProcessedEvents(OutboxSchema schema, JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new ProcessedEvents(jdbc, transactions);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "cohort.events.relay", name = "enabled", matchIfMissing = true)
    OutboxRelay cohortOutboxRelay(OutboxSchema schema, JdbcTemplate jdbc, TransactionTemplate transactions,
                                  CohortEventsProperties properties, ObjectProvider<MeterRegistry> meters,
                                  ObjectProvider<CohortTelemetry> telemetry) {
        var relay = properties.relay();
        OutboxRelay outboxRelay = new OutboxRelay(jdbc, transactions,
                traced(new KafkaProducer<String, byte[]>(KafkaClients.producer(properties)), telemetry.getIfAvailable()),
                new SchemaIds(SchemaRegistryClient.shared(properties.schemaRegistryUrl()), properties.autoRegisterSchemas()),
                new RelaySettings(relay.pollInterval(), relay.batchSize(), relay.sendTimeout(), relay.maxBackoff(),
                        relay.workers()));
        meters.ifAvailable(outboxRelay::bindMetrics);
        return outboxRelay;
    }

    /** Wakes the relay on every commit that appended events (PostgreSQL LISTEN/NOTIFY), on a connection of its own. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "cohort.events.relay", name = "enabled", matchIfMissing = true)
    OutboxWakeups cohortOutboxWakeups(DataSource dataSource, OutboxRelay relay, CohortEventsProperties properties) {
        return new OutboxWakeups(dataSource, relay::wake, properties.relay().maxBackoff());
    }

    /** Publishes to dead-letter topics: raw bytes for undecodable records, Avro for the rest. */
    @Bean(destroyMethod = "destroy")
    DefaultKafkaProducerFactory<Object, Object> cohortDeadLetterProducerFactory(CohortEventsProperties properties) {
        AvroSerializer<SpecificRecord> avro = new AvroSerializer<>();
        avro.configure(KafkaClients.serde(properties), false);
        Map<Class<?>, Serializer<?>> byType = Map.of(byte[].class, new ByteArraySerializer(), SpecificRecord.class, avro);
        Map<String, Object> config = KafkaClients.producer(properties);
        config.remove(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.remove(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        // The factory configures the serializers again with this map: the Avro one needs the registry settings.
        config.putAll(KafkaClients.serde(properties));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> keys = (Serializer) new StringSerializer();
        return new DefaultKafkaProducerFactory<>(config, keys, new DelegatingByTypeSerializer(byType, true));
    }

    @Bean(LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> cohortListenerContainerFactory(
            CohortEventsProperties properties, DefaultKafkaProducerFactory<Object, Object> cohortDeadLetterProducerFactory,
            @Value("${spring.application.name:cohort}") String application, ObjectProvider<CohortTelemetry> telemetry,
            ObjectProvider<MeterRegistry> meters) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, SpecificRecord>();
        factory.setRecordInterceptor(TracedListening.interceptor(
                telemetry.getIfAvailable(CohortTelemetry::propagationOnly)));
        var consumerFactory = new DefaultKafkaConsumerFactory<String, SpecificRecord>(
                KafkaClients.consumer(properties, application));
        ConsumerMetrics metrics = new ConsumerMetrics(meters.getIfAvailable(), application);
        metrics.bindClientMetrics(consumerFactory);
        factory.setConsumerFactory(consumerFactory);
        var consumer = properties.consumer();
        factory.setCommonErrorHandler(DeadLetterRouting.errorHandler(new KafkaTemplate<>(cohortDeadLetterProducerFactory),
                consumer.maxAttempts(), consumer.initialBackoff(), consumer.maxBackoff(), metrics::deadLettered));
        return factory;
    }

    /** Each send a PRODUCER span while traces are recorded; untouched otherwise (the row's traceparent is sent as is). */
    private static Producer<String, byte[]> traced(Producer<String, byte[]> producer, CohortTelemetry telemetry) {
        if (telemetry == null || !telemetry.recording()) {
            return producer;
        }
        return KafkaTelemetry.create(telemetry.openTelemetry()).wrap(producer);
    }
}
