// Internal signal used inside the frontend to abandon a region; buildIr turns it into a Declined value.

export class FrontendDecline extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FrontendDecline';
  }
}

export function declineAt(what: string, line: number): never {
  throw new FrontendDecline(`${what} at line ${line}`);
}
