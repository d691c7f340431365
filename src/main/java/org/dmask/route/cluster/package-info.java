/**
 * Beyond one machine: the same application as an {@code ingest} node (SCP, STOW-RS, rules; it writes jobs), a
 * {@code worker} (de-identify, mask, send) or {@code both}, with Apache Kafka as the job log and a shared object
 * store (a mounted folder) holding the objects. The ingest side keeps the claim check (object durable in the store,
 * then the job record acknowledged by Kafka with {@code acks=all}, then the sender told "success"); the worker side
 * feeds each record's jobs to the single-node delivery (preparation, send, retry decision, dead letters) and turns
 * its outcome into Kafka records: offsets committed after every target acknowledged or dead-lettered, retries
 * re-published to the retry topic with a not-before time, dead letters to a topic and the store's dead-letter area.
 * The store's dead letters are the operators' on every node ({@code DeadLetters}): a retry is a new claim check.
 *
 * <p>Plain Apache Kafka clients, not Camel's Kafka component: a worker commits each record's offset by hand after its
 * jobs' outcome, pauses a retry partition until its head is due, and works outside Camel exchanges as the single
 * node's delivery does (an exchange lives in memory and would not survive kill -9). Not quarkus-kafka-client either:
 * its Dev Services would start a container broker in dev and test mode.
 *
 * <p>Must not know: what a rule means (the rules and the dispatch decide the jobs, this package only carries them),
 * how preparation and sending work inside, the Camel routes, the SCP.
 */
package org.dmask.route.cluster;
