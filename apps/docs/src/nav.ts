/** The site's navigation: one entry per page, in reading order. */
export interface NavEntry {
  readonly title: string;
  readonly href: string;
}

export interface NavSection {
  readonly title: string;
  readonly entries: readonly NavEntry[];
}

export const navigation: readonly NavSection[] = [
  {
    title: "Theory",
    entries: [
      { title: "The many-body problem", href: "/theory/many-body/" },
      { title: "Mean-field and semiclassical scaling", href: "/theory/scaling/" },
      { title: "Hartree-Fock", href: "/theory/hartree-fock/" },
      { title: "Wigner and Weyl", href: "/theory/wigner-weyl/" },
      { title: "The Vlasov equation", href: "/theory/vlasov/" },
      { title: "The theorems and their rates", href: "/theory/theorems/" },
      { title: "Numerics", href: "/theory/numerics/" },
    ],
  },
  {
    title: "Guides",
    entries: [
      { title: "Install", href: "/guides/install/" },
      { title: "Your first study", href: "/guides/first-study/" },
      { title: "Reading the results", href: "/guides/reading-results/" },
      { title: "Choosing grids for a given eps", href: "/guides/grids/" },
      { title: "Studies in 2D and 3D", href: "/guides/three-dimensions/" },
      { title: "Singular interactions", href: "/guides/singular/" },
      { title: "Your own initial state", href: "/guides/initial-state/" },
      { title: "Sweeps on one machine and on many", href: "/guides/sweeps/" },
      { title: "The chain: many-body, Hartree-Fock, Vlasov", href: "/guides/chain/" },
      { title: "The packages from code", href: "/guides/packages/" },
    ],
  },
  {
    title: "Results",
    entries: [{ title: "Results gallery", href: "/gallery/" }],
  },
  {
    title: "Demos",
    entries: [{ title: "HF versus Vlasov in the browser", href: "/demos/" }],
  },
  {
    title: "Reference",
    entries: [{ title: "API (TypeDoc)", href: "/api/" }],
  },
];
