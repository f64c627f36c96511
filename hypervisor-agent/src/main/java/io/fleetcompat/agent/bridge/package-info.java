/**
 * Joins the toolstack and simulator ({@code agent.host}, {@code agent.sim}) to the event layer and policy table
 * ({@code agent.events}, {@code agent.policy}). The two halves keep their own small value types
 * ({@code HostIdentity}, {@code PolicyLookup}, controls, policy refs): the model side speaks the model's
 * {@code XenProfile}, the plumbing side the wire's. This package is the only place that converts between them:
 * <ul>
 *   <li>{@link io.fleetcompat.agent.bridge.TablePolicyLookup}: the Kafka-fed policy table as the toolstack's
 *       lookup, without OBSERVE directives;</li>
 *   <li>{@link io.fleetcompat.agent.bridge.HostEventRelay} / {@link io.fleetcompat.agent.bridge.HostEventForwarder}:
 *       each toolstack record into the host's event sink (and so the outbox), field by field
 *       ({@link io.fleetcompat.agent.bridge.LifecycleSteps}, {@link io.fleetcompat.agent.bridge.HypercallOutcomes},
 *       {@link io.fleetcompat.agent.bridge.PolicyAckSteps});</li>
 *   <li>{@link io.fleetcompat.agent.bridge.SingleHostScenario}: a fleet scenario cut to the agent's one host.</li>
 * </ul>
 * It does not depend on {@code agent.cli}: the commands there (the composition root) plug these into the runtime
 * ({@code SimulatedFleet}, {@code ModelBackedHost}, {@code SingleHostWorkload}).
 */
package io.fleetcompat.agent.bridge;
