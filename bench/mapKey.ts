/** How the Map yardsticks (the Map node, the Map replay and recovery) key an offset: one place, so that they all key alike. */
export function mapKey(group: string, topic: string, partition: number): string {
  return JSON.stringify([group, topic, partition]);
}
