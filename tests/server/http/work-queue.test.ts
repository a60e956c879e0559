import { describe, expect, it } from "vitest";
import { createWorkQueue } from "../../../server/http/work-queue.js";

describe("createWorkQueue", () => {
  it("runs jobs one at a time in arrival order and passes results and errors through", async () => {
    const queue = createWorkQueue();
    const log: string[] = [];
    let active = 0;
    const job = (name: string, ms: number) =>
      queue.run(async () => {
        active++;
        expect(active).toBe(1);
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`end ${name}`);
        active--;
        return name;
      });
    const results = Promise.all([job("a", 20), job("b", 1), job("c", 5)]);
    expect(queue.length).toBe(3);
    const failure = queue.run(() => {
      throw new Error("boom");
    });
    expect(await results).toEqual(["a", "b", "c"]);
    await expect(failure).rejects.toThrow("boom");
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(queue.length).toBe(0);
  });

  it("lets I/O that arrives meanwhile in between jobs", async () => {
    const queue = createWorkQueue();
    const order: string[] = [];
    const first = queue.run(() => {
      const end = Date.now() + 15;
      while (Date.now() < end);
      order.push("job 1");
      // A request that arrives during job 1 joins the queue behind job 2 only if queued in time.
      setImmediate(() => order.push("io"));
    });
    const second = queue.run(() => order.push("job 2"));
    await Promise.all([first, second]);
    expect(order).toEqual(["job 1", "io", "job 2"]);
  });

  it("skips a job whose client went away before its turn, and runs the rest", async () => {
    const queue = createWorkQueue();
    const ran: string[] = [];
    const gone = new AbortController();
    const first = queue.run(async () => {
      ran.push("first");
      gone.abort();
    });
    const skipped = queue.run(() => ran.push("skipped"), { signal: gone.signal });
    const last = queue.run(() => ran.push("last"), { signal: new AbortController().signal });
    await first;
    await expect(skipped).rejects.toMatchObject({ code: "client_closed_request" });
    await last;
    expect(ran).toEqual(["first", "last"]);
  });
});
