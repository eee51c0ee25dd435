// Stylesheets are imported for their side effects (fonts, globals.css);
// Next.js bundles them, the type checker only needs to know they exist.
declare module "*.css";
