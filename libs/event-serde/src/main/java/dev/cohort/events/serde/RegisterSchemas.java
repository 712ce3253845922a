package dev.cohort.events.serde;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The build/deploy step that registers event schemas when services run with {@code auto.register.schemas=false}
 * (production): {@code java -cp ... dev.cohort.events.serde.RegisterSchemas <registry-url> <topic>=<record class>...}.
 * Each schema is registered under its TopicRecordNameStrategy subject; the registry decides compatibility, and an
 * incompatible schema stops the step with the registry's reason (exit code 1) before any service publishes it.
 */
public final class RegisterSchemas {

    /** One event type published on one topic. */
    public record Registration(String topic, Class<? extends SpecificRecord> type) {

        static Registration parse(String argument) {
            int equals = argument.indexOf('=');
            if (equals <= 0 || equals == argument.length() - 1) {
                throw new IllegalArgumentException("expected <topic>=<record class>, got '" + argument + "'");
            }
            String className = argument.substring(equals + 1);
            try {
                Class<?> type = Class.forName(className);
                if (!SpecificRecord.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException(className + " is not a generated Avro record");
                }
                return new Registration(argument.substring(0, equals), type.asSubclass(SpecificRecord.class));
            } catch (ClassNotFoundException missing) {
                throw new IllegalArgumentException("no class " + className + " on the classpath");
            }
        }
    }

    /** The id each schema has in the registry, in argument order. */
    public static List<Integer> register(SchemaRegistryClient registry, List<Registration> registrations, PrintStream log) {
        List<Integer> ids = new ArrayList<>();
        for (Registration registration : registrations) {
            Schema schema = PortableSchemas.of(SpecificData.get().getSchema(registration.type()));
            String subject = WireFormat.subject(registration.topic(), schema.getFullName());
            int id = registry.register(subject, schema);
            log.printf("registered %s as id %d%n", subject, id);
            ids.add(id);
        }
        return ids;
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: RegisterSchemas <registry-url> <topic>=<record class> [...]");
            System.exit(2);
        }
        try {
            List<Registration> registrations = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                registrations.add(Registration.parse(args[i]));
            }
            register(new SchemaRegistryClient(args[0]), registrations, System.out);
        } catch (RuntimeException refused) {
            System.err.println("schema registration failed: " + refused.getMessage());
            System.exit(1);
        }
    }

    private RegisterSchemas() {
    }
}
