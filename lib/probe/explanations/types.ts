// Wording is data: the results panel, the CLI and the FAQ read the same entries. Placeholders
// such as {seconds} are filled from CheckResult.params by explain().

export interface LearnMoreLink {
  label: string;
  href: string;
}

export interface Explanation {
  /** What happened, e.g. "No greeting within {seconds} s". */
  title: string;
  /** Why it matters to a mail admin. */
  why: string;
  /** Concrete steps; may be "" for pass outcomes. Newlines separate steps. */
  fix: string;
  learnMore?: LearnMoreLink[];
}

/** outcome → explanation, for one check. */
export type CheckExplanations = Record<string, Explanation>;
