import { z } from "zod";

/** Database ids as the API takes them; anything else is bad input (400), an id that names nothing is a 404. */
export const Id = z.number().int().positive();
