// Confluent's official Node.js Schema Registry client (@confluentinc/schemaregistry: SchemaRegistryClient,
// AvroSerializer, AvroDeserializer) against Cohort's schema registry, on the records of schemas/avro. Run by
// ConfluentNodeClientInteropTest, which checks the other half with Cohort's Java serde:
//
//   node node/confluent-interop.mjs serialize     registers UserRegistered under the TopicRecordNameStrategy
//                                                 subject and writes the record in INTEROP_INPUT (JSON) in the
//                                                 Confluent wire format to INTEROP_OUTPUT
//   node node/confluent-interop.mjs deserialize   decodes the Confluent wire format in INTEROP_INPUT and writes
//                                                 the record as JSON to INTEROP_OUTPUT
//
// Environment: SCHEMA_REGISTRY_URL (e.g. http://localhost:8081), INTEROP_TOPIC, INTEROP_INPUT and INTEROP_OUTPUT
// (file paths) as above, COHORT_AVRO_DIR (default ../schemas/avro/src/main/avro). Records are JSON in avsc's
// form: field names as in the .avsc, null or the value for a nullable field.
//
// The schema is registered fully inlined (EventMetadata defined inside UserRegistered), which is exactly what the
// Java serializer registers (UserRegistered.getClassSchema()): the registry keeps one schema, one id, one version.
// avsc decodes without logical types: event_id is the UUID string, occurred_at the long of epoch milliseconds.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AvroDeserializer,
  AvroSerializer,
  SchemaRegistryClient,
  SerdeType,
  SubjectNameStrategyType,
} from '@confluentinc/schemaregistry';

const moduleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const avroDir = process.env.COHORT_AVRO_DIR ?? path.resolve(moduleDir, '../schemas/avro/src/main/avro');
const RECORD_NAME = 'dev.cohort.events.identity.UserRegistered';

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

/** Every named type defined at the top of an .avsc file under dir, by full name. */
function loadNamedTypes(dir) {
  const types = new Map();
  for (const entry of readdirSync(dir, { recursive: true })) {
    if (entry.endsWith('.avsc')) {
      const schema = JSON.parse(readFileSync(path.join(dir, entry), 'utf8'));
      types.set(fullName(schema, undefined), schema);
    }
  }
  return types;
}

function fullName(named, enclosingNamespace) {
  if (named.name.includes('.')) {
    return named.name;
  }
  const namespace = named.namespace ?? enclosingNamespace;
  return namespace ? `${namespace}.${named.name}` : named.name;
}

/**
 * The schema with every type it names from another file defined in place at its first use (later uses stay
 * references by name, as Avro requires), the way Avro's Java Schema.toString() writes a compiled class's schema.
 */
function inline(schema, namedTypes, defined = new Set(), namespace = undefined) {
  if (typeof schema === 'string') {
    const name = schema.includes('.') || !namespace ? schema : `${namespace}.${schema}`;
    if (namedTypes.has(name) && !defined.has(name)) {
      return inline(namedTypes.get(name), namedTypes, defined, namespace);
    }
    return schema;
  }
  if (Array.isArray(schema)) {
    return schema.map((branch) => inline(branch, namedTypes, defined, namespace));
  }
  switch (schema.type) {
    case 'record':
    case 'error': {
      const name = fullName(schema, namespace);
      defined.add(name);
      const own = name.substring(0, Math.max(name.lastIndexOf('.'), 0)) || undefined;
      return {
        ...schema,
        fields: schema.fields.map((field) => ({ ...field, type: inline(field.type, namedTypes, defined, own) })),
      };
    }
    case 'enum':
    case 'fixed':
      defined.add(fullName(schema, namespace));
      return schema;
    case 'array':
      return { ...schema, items: inline(schema.items, namedTypes, defined, namespace) };
    case 'map':
      return { ...schema, values: inline(schema.values, namedTypes, defined, namespace) };
    default:
      return { ...schema, type: inline(schema.type, namedTypes, defined, namespace) };
  }
}

async function serialize(client, topic) {
  const namedTypes = loadNamedTypes(avroDir);
  if (!namedTypes.has(RECORD_NAME)) {
    throw new Error(`no .avsc under ${avroDir} defines ${RECORD_NAME}`);
  }
  const schemaInfo = { schemaType: 'AVRO', schema: JSON.stringify(inline(RECORD_NAME, namedTypes)) };

  // The subject comes from Confluent's own TopicRecordNameStrategy (SubjectNameStrategyType.TOPIC_RECORD), which
  // names it from the schema it is given and gives '' without one. A serializer that uses a registered schema
  // (useSchemaId, useLatestVersion) asks for the subject before it has a schema, so its strategy hands ours in.
  // (With autoRegisterSchemas the Node serializer registers a schema it derives from the message, with generated
  // record names: not our contract. Hence: register explicitly, then serialize with useSchemaId.)
  const naming = new AvroSerializer(client, SerdeType.VALUE, {
    subjectNameStrategyType: SubjectNameStrategyType.TOPIC_RECORD,
  });
  const subjectNameStrategy = (topicName, serdeType, info) => naming.subjectName(topicName, info ?? schemaInfo);
  const subject = await naming.subjectName(topic, schemaInfo);
  const id = await client.register(subject, schemaInfo);
  console.log(`registered ${RECORD_NAME} under subject ${subject}: schema id ${id}`);

  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    autoRegisterSchemas: false,
    useSchemaId: id,
    subjectNameStrategy,
  });
  const record = JSON.parse(readFileSync(required('INTEROP_INPUT'), 'utf8'));
  const bytes = await serializer.serialize(topic, record);
  writeFileSync(required('INTEROP_OUTPUT'), bytes);
  console.log(`serialized ${JSON.stringify(record)} to ${bytes.length} bytes: ${bytes.toString('hex')}`);
}

async function deserialize(client, topic) {
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {
    subjectNameStrategyType: SubjectNameStrategyType.TOPIC_RECORD,
  });
  const bytes = readFileSync(required('INTEROP_INPUT'));
  const record = await deserializer.deserialize(topic, bytes);
  const json = JSON.stringify(record);
  writeFileSync(required('INTEROP_OUTPUT'), json);
  console.log(`deserialized ${bytes.length} bytes (${bytes.toString('hex')}) to ${json}`);
}

const modes = { serialize, deserialize };
const mode = process.argv[2];
if (!Object.hasOwn(modes, mode ?? '')) {
  console.error(`usage: node confluent-interop.mjs ${Object.keys(modes).join('|')}`);
  process.exit(2);
}
const client = new SchemaRegistryClient({ baseURLs: [required('SCHEMA_REGISTRY_URL')] });
try {
  await modes[mode](client, required('INTEROP_TOPIC'));
} catch (error) {
  console.error(`${mode} failed:`, error);
  process.exitCode = 1;
} finally {
  client.close();
}
